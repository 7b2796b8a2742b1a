-- Tenant isolation: who may do what, and which rows each role sees.
--
-- The role that runs the migrations owns the tables and is the only one with DDL. Two group
-- roles (NOLOGIN) hold everything else: ${worker_role} for the worker, ${reader_role} for
-- readers that serve one owner at a time. A login role gets their rights by membership
-- (GRANT ${worker_role} TO a_login). Their names are Flyway placeholders: mediakeep passes
-- mediakeep_worker and mediakeep_reader; Flyway run by hand needs them passed too.
--
-- Nothing here is plain DDL jOOQ generates classes from, so the whole file is hidden from it.

-- [jooq ignore start]

-- Roles belong to the cluster, not to this database: they may exist already, made by a DBA
-- or by the migration of another database in the cluster, perhaps at this very moment (then
-- CREATE ROLE waits for the other and fails with unique_violation). Creating a role needs
-- CREATEROLE; an owner without it needs both roles made before it migrates.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${worker_role}') THEN
        CREATE ROLE ${worker_role} NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${reader_role}') THEN
        CREATE ROLE ${reader_role} NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- PUBLIC keeps USAGE on the schema by default; granting it here keeps both roles working
-- where a DBA revoked that. CREATE on the schema is PUBLIC's no more since PostgreSQL 15.
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${worker_role}, ${reader_role};

-- The worker records assets, records rejections and marks them replayed: no DELETE, no
-- TRUNCATE, no DDL. Inserting into the identity column of asset_rejections needs no grant on
-- its sequence. Reading the history lets a worker that migrates with its own login (no
-- MEDIAKEEP_DB_MIGRATE_USER) find nothing pending instead of failing.
GRANT SELECT, INSERT, UPDATE ON assets, asset_rejections TO ${worker_role};
GRANT SELECT ON ${flyway:defaultSchema}.${flyway:table} TO ${worker_role};

-- A reader reads assets, the current ones and their URL; rejections are not its business.
-- The worker may ask for a URL too: that shows it nothing it cannot select already, and ops
-- and the end-to-end tests check stored assets with the worker's login.
GRANT SELECT ON assets, current_assets TO ${reader_role};
REVOKE EXECUTE ON FUNCTION current_asset_url(uuid, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION current_asset_url(uuid, text, integer)
    TO ${reader_role}, ${worker_role};

-- FORCE holds the table owner to the policies too, and no policy names it: the owner sees
-- and changes no rows. A later migration that must change rows turns FORCE off and on again
-- inside its own transaction (ALTER TABLE ... NO FORCE ROW LEVEL SECURITY, then FORCE).
-- Superusers and BYPASSRLS roles skip row security whatever is written here.
ALTER TABLE assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE assets FORCE ROW LEVEL SECURITY;
ALTER TABLE asset_rejections ENABLE ROW LEVEL SECURITY;
ALTER TABLE asset_rejections FORCE ROW LEVEL SECURITY;

-- The worker handles every owner's events; its grants, not its policies, limit what it does.
CREATE POLICY assets_worker ON assets TO ${worker_role} USING (true) WITH CHECK (true);
CREATE POLICY asset_rejections_worker ON asset_rejections TO ${worker_role}
    USING (true) WITH CHECK (true);

-- A reader sees the rows of the owner its transaction is bound to: TenantReads sets
-- mediakeep.owner_id with set_config(..., true), so the binding ends with the transaction.
-- Unset, or empty as it reads once such a transaction has ended: no rows. Not a uuid: the
-- query fails (invalid_text_representation), so a bad binding never shows anything.
-- The setting is no credential: whoever can run SQL as a reader can bind to any owner.
CREATE POLICY assets_reader ON assets FOR SELECT TO ${reader_role}
    USING (owner_id = nullif(current_setting('mediakeep.owner_id', true), '')::uuid);

-- The view reads assets with the rights, and so the policies, of whoever queries it, not of
-- its owner (who would see nothing under FORCE). current_asset_url is SECURITY INVOKER already.
ALTER VIEW current_assets SET (security_invoker = true);

-- [jooq ignore stop]
