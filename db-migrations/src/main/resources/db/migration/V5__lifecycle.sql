-- The life of an asset after it is stored: tombstones for expired and deleted assets, the
-- removals still to carry out, owner purges, and the library in the workspace/library design
-- (one entry per kept asset, organised by its owner) in place of V4's filings.

-- Tombstones. An expired or deleted asset keeps its row, so its key is never stored again, but
-- loses what it was made of (prompt and generation metadata, the source URL) and is never
-- current; readers never see it.
ALTER TABLE assets ADD COLUMN state varchar(16) NOT NULL DEFAULT 'live';
ALTER TABLE assets ADD COLUMN removed_at timestamptz;
ALTER TABLE assets ALTER COLUMN source_url DROP NOT NULL;
ALTER TABLE assets ADD CONSTRAINT assets_state_ck CHECK (state IN ('live', 'expired', 'deleted'));

-- The sweep reads live workspace assets by expiry; tombstones drop out of the index.
DROP INDEX assets_workspace_expiry_ix;
CREATE INDEX assets_expiry_ix ON assets (expires_at) WHERE retention = 'workspace' AND state = 'live';

-- An owner whose data was purged. The marker holds no personal data: the purge time, the purge
-- command that set it, and what it removed. Events of the owner produced before purged_at are
-- refused; a later purge command moves purged_at on.
CREATE TABLE owner_purges (
    owner_id               uuid        NOT NULL,
    purged_at              timestamptz NOT NULL,
    command_id             text        NOT NULL,
    assets_removed         bigint      NOT NULL DEFAULT 0,
    library_assets_removed bigint      NOT NULL DEFAULT 0,
    collections_removed    bigint      NOT NULL DEFAULT 0,
    rejections_removed     bigint      NOT NULL DEFAULT 0,
    objects_removed        bigint      NOT NULL DEFAULT 0,
    finished_at            timestamptz,
    CONSTRAINT owner_purges_pk PRIMARY KEY (owner_id)
);

-- Objects to delete and lifecycle events to publish, written in the transaction that hides the
-- row they belong to (a transactional outbox). A drain deletes the object, publishes the event,
-- then marks the removal done; a crash anywhere leaves removals the next drain finishes. A
-- delete's removal stays once done, so that the same delete repeated finds what it did; an
-- expired asset's goes, since its tombstone says the rest.
CREATE TABLE asset_removals (
    id          bigint        GENERATED ALWAYS AS IDENTITY,
    owner_id    uuid          NOT NULL,
    subject_id  uuid          NOT NULL,
    reason      varchar(16)   NOT NULL,
    bucket      varchar(63)   NOT NULL,
    object_key  varchar(1024) NOT NULL,
    size_bytes  bigint        NOT NULL,
    event_type  text,
    event_data  jsonb,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    done_at     timestamptz,
    CONSTRAINT asset_removals_pk PRIMARY KEY (id),
    CONSTRAINT asset_removals_reason_ck CHECK (reason IN ('expired', 'deleted', 'purged'))
);

CREATE INDEX asset_removals_pending_ix ON asset_removals (id) WHERE done_at IS NULL;
CREATE INDEX asset_removals_subject_ix ON asset_removals (subject_id);
CREATE INDEX asset_removals_owner_ix ON asset_removals (owner_id);

-- The library: one entry per kept asset, a server-side copy of its object in the library bucket,
-- with the owner's organisation of it. An entry lives on when its source asset expires or goes.
ALTER TABLE collections ADD COLUMN description text;

CREATE TABLE library_assets (
    id              uuid          NOT NULL,
    owner_id        uuid          NOT NULL,
    source_asset_id uuid          NOT NULL,
    media_type      varchar(8)    NOT NULL,
    bucket          varchar(63)   NOT NULL,
    object_key      varchar(1024) NOT NULL,
    content_type    varchar(64)   NOT NULL,
    size_bytes      bigint        NOT NULL,
    sha256          char(64)      NOT NULL,
    width           integer,
    height          integer,
    duration_ms     bigint,
    prompt          text,
    model           text,
    seed            bigint,
    custom_title    text,
    tags            text[]        NOT NULL DEFAULT '{}',
    is_favorite     boolean       NOT NULL DEFAULT false,
    visibility      varchar(16)   NOT NULL DEFAULT 'private',
    collection_id   uuid,
    -- Set only on entries moved from V4's filings: the entry still points at its source asset's
    -- object, and the sweep copies it into the library bucket before anything can remove it.
    copy_pending    boolean       NOT NULL DEFAULT false,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT library_assets_pk PRIMARY KEY (id),
    CONSTRAINT library_assets_source_uq UNIQUE (source_asset_id),
    CONSTRAINT library_assets_visibility_ck CHECK (visibility IN ('private', 'unlisted', 'public')),
    CONSTRAINT library_assets_media_type_ck CHECK (media_type IN ('image', 'video')),
    CONSTRAINT library_assets_size_ck CHECK (size_bytes >= 0)
);

CREATE INDEX library_assets_owner_created_ix ON library_assets (owner_id, created_at DESC);
CREATE INDEX library_assets_collection_ix ON library_assets (collection_id);

DROP INDEX collections_owner_ix;
CREATE INDEX collections_owner_created_ix ON collections (owner_id, created_at DESC);

-- [jooq ignore start]

-- An entry is filed only in a collection of its own owner: the foreign key names both, and a
-- deleted collection leaves its entries unfiled (SET NULL of the collection alone: PostgreSQL 15).
ALTER TABLE library_assets ADD CONSTRAINT library_assets_collection_fk
    FOREIGN KEY (owner_id, collection_id) REFERENCES collections (owner_id, id)
    ON DELETE SET NULL (collection_id);

-- Tombstones are never current, and a live row always knows its source.
ALTER TABLE assets ADD CONSTRAINT assets_current_is_live_ck CHECK (state = 'live' OR NOT is_current);
ALTER TABLE assets ADD CONSTRAINT assets_removed_at_ck CHECK ((state = 'live') = (removed_at IS NULL));
ALTER TABLE assets ADD CONSTRAINT assets_live_source_ck CHECK (state <> 'live' OR source_url IS NOT NULL);

-- V4's filings become library entries. They were writable only by a superuser, so there are few
-- if any. An asset filed several times becomes one entry: in the collection it was filed in
-- first, with the tags of all its filings, a favourite if any filing was, and public if any of
-- its collections was. Its object is copied by the next sweep (copy_pending).
ALTER TABLE assets NO FORCE ROW LEVEL SECURITY;
ALTER TABLE collections NO FORCE ROW LEVEL SECURITY;
ALTER TABLE collection_assets NO FORCE ROW LEVEL SECURITY;

INSERT INTO library_assets (id, owner_id, source_asset_id, media_type, bucket, object_key,
                            content_type, size_bytes, sha256, width, height, duration_ms, prompt,
                            model, seed, tags, is_favorite, visibility, collection_id,
                            copy_pending, created_at, updated_at)
SELECT gen_random_uuid(), a.owner_id, a.id, a.media_type, a.bucket, a.object_key, a.content_type,
       a.size_bytes, a.sha256, a.width, a.height, a.duration_ms, a.prompt, a.model, a.seed,
       filed.tags, filed.favourite, filed.visibility, filed.collection_id, true,
       filed.first_added, now()
FROM (
    SELECT ca.asset_id,
           (array_agg(ca.collection_id ORDER BY ca.added_at, ca.collection_id))[1] AS collection_id,
           coalesce((SELECT array_agg(DISTINCT tag ORDER BY tag)
                     FROM collection_assets other, unnest(other.tags) AS tag
                     WHERE other.asset_id = ca.asset_id), '{}') AS tags,
           bool_or(ca.favourite) AS favourite,
           CASE WHEN bool_or(c.visibility = 'public') THEN 'public' ELSE 'private' END AS visibility,
           min(ca.added_at) AS first_added
    FROM collection_assets ca
    JOIN collections c ON c.id = ca.collection_id
    GROUP BY ca.asset_id
) filed
JOIN assets a ON a.id = filed.asset_id;

UPDATE collections c
SET asset_count = (SELECT count(*) FROM library_assets l WHERE l.collection_id = c.id);

ALTER TABLE assets FORCE ROW LEVEL SECURITY;
ALTER TABLE collections FORCE ROW LEVEL SECURITY;

-- [jooq ignore stop]

DROP TABLE collection_assets;
ALTER TABLE collections DROP CONSTRAINT collections_visibility_ck;
ALTER TABLE collections DROP COLUMN visibility;
-- It existed only for collection_assets' foreign key; every asset insert paid for its index.
ALTER TABLE assets DROP CONSTRAINT assets_owner_id_uq;

-- [jooq ignore start]

-- As in V3: the role belongs to the cluster and may exist already, or be made at this moment by
-- the migration of another database. When that one wins the race, the role is read once more
-- after the failed CREATE: a fresh lock on the catalog takes in the change its commit announced,
-- where the cached "no such role" of the failed attempt would otherwise fail the GRANT below.
DO $$
BEGIN
    BEGIN
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${library_role}') THEN
            CREATE ROLE ${library_role} NOLOGIN;
        END IF;
    EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    PERFORM FROM pg_catalog.pg_roles WHERE rolname = '${library_role}';
END
$$;

GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${library_role};

-- The owner a transaction acts for: the sub claim of request.jwt.claims when PostgREST set it
-- (an anonymous request, claims without sub, acts for no one), else mediakeep.owner_id as
-- TenantReads and the worker set it. Both are transaction-local. Not a uuid: the statement fails,
-- so a bad binding never shows or changes anything. Like mediakeep.owner_id, the setting is no
-- credential; PostgREST checks the JWT before it sets the claims.
CREATE FUNCTION bound_owner() RETURNS uuid
LANGUAGE sql
STABLE
AS $$
    SELECT CASE
        WHEN nullif(current_setting('request.jwt.claims', true), '') IS NOT NULL
            THEN (current_setting('request.jwt.claims', true)::jsonb ->> 'sub')::uuid
        ELSE nullif(current_setting('mediakeep.owner_id', true), '')::uuid
    END
$$;

-- Readers see the live rows of their owner: a tombstone is no asset to them.
DROP POLICY assets_reader ON assets;
CREATE POLICY assets_reader ON assets FOR SELECT TO ${reader_role}
    USING (owner_id = bound_owner() AND state = 'live');

-- The worker reads, records and tombstones every owner's assets, as before. It deletes rows only
-- of the owner its transaction is bound to (a purge), so no statement can delete across owners.
DROP POLICY assets_worker ON assets;
CREATE POLICY assets_worker_read ON assets FOR SELECT TO ${worker_role} USING (true);
CREATE POLICY assets_worker_insert ON assets FOR INSERT TO ${worker_role} WITH CHECK (true);
CREATE POLICY assets_worker_update ON assets FOR UPDATE TO ${worker_role}
    USING (true) WITH CHECK (true);
CREATE POLICY assets_worker_delete ON assets FOR DELETE TO ${worker_role}
    USING (owner_id = bound_owner());

DROP POLICY asset_rejections_worker ON asset_rejections;
CREATE POLICY asset_rejections_worker_read ON asset_rejections FOR SELECT TO ${worker_role}
    USING (true);
CREATE POLICY asset_rejections_worker_insert ON asset_rejections FOR INSERT TO ${worker_role}
    WITH CHECK (true);
CREATE POLICY asset_rejections_worker_update ON asset_rejections FOR UPDATE TO ${worker_role}
    USING (true) WITH CHECK (true);
CREATE POLICY asset_rejections_worker_delete ON asset_rejections FOR DELETE TO ${worker_role}
    USING (owner_id = bound_owner());

GRANT DELETE ON assets, asset_rejections TO ${worker_role};
-- Bookkeeping of the worker's own, with no owner's content: no row security.
GRANT SELECT, INSERT, UPDATE, DELETE ON owner_purges, asset_removals TO ${worker_role};

-- The library. The worker reads every entry (the sweep copies V4's entries) and writes only the
-- bound owner's: it inserts promoted entries, deletes entries and, in a purge, collections. The
-- app (${library_role}, as PostgREST or a backend under the user's identity) reads its owner's
-- library and organises it through the functions below; column grants keep asset_count and what
-- an entry is out of its reach, and deleting an entry is a command, since the object must go too.
ALTER TABLE library_assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE library_assets FORCE ROW LEVEL SECURITY;

DROP POLICY collections_reader ON collections;

CREATE POLICY library_assets_worker_read ON library_assets FOR SELECT TO ${worker_role}
    USING (true);
CREATE POLICY library_assets_worker_insert ON library_assets FOR INSERT TO ${worker_role}
    WITH CHECK (owner_id = bound_owner());
CREATE POLICY library_assets_worker_update ON library_assets FOR UPDATE TO ${worker_role}
    USING (owner_id = bound_owner()) WITH CHECK (owner_id = bound_owner());
CREATE POLICY library_assets_worker_delete ON library_assets FOR DELETE TO ${worker_role}
    USING (owner_id = bound_owner());
CREATE POLICY library_assets_owner ON library_assets TO ${reader_role}, ${library_role}
    USING (owner_id = bound_owner()) WITH CHECK (owner_id = bound_owner());

CREATE POLICY collections_worker ON collections TO ${worker_role}
    USING (owner_id = bound_owner()) WITH CHECK (owner_id = bound_owner());
CREATE POLICY collections_owner ON collections TO ${reader_role}, ${library_role}
    USING (owner_id = bound_owner()) WITH CHECK (owner_id = bound_owner());
-- The count trigger runs as the schema owner (so that no caller needs to write asset_count),
-- and FORCE holds the owner to policies too: it sees the bound owner's collections, no others.
CREATE POLICY collections_counter ON collections TO CURRENT_USER
    USING (owner_id = bound_owner()) WITH CHECK (owner_id = bound_owner());

GRANT SELECT, INSERT, UPDATE, DELETE ON library_assets TO ${worker_role};
GRANT SELECT, DELETE, UPDATE (updated_at) ON collections TO ${worker_role};
GRANT SELECT ON library_assets, collections TO ${reader_role}, ${library_role};
GRANT INSERT (id, owner_id, name, description) ON collections TO ${library_role};
GRANT UPDATE (name, description, updated_at) ON collections TO ${library_role};
GRANT DELETE ON collections TO ${library_role};
GRANT UPDATE (custom_title, tags, is_favorite, visibility, collection_id, updated_at)
    ON library_assets TO ${library_role};

-- Every change to one owner's library takes that owner's library lock first (the functions below,
-- the worker's inserts, removals and purges, and this trigger for whatever writes the table
-- directly): one owner's library changes one transaction at a time, so counts stay right and no
-- two changes can deadlock, whatever collections and entries they touch. Libraries of different
-- owners never wait for each other.
CREATE FUNCTION lock_library(owner uuid) RETURNS void
LANGUAGE sql
AS $$
    SELECT pg_advisory_xact_lock(hashtextextended('library:' || owner, 0))
$$;

-- Keeps each collection's asset_count. A collection being deleted is gone already when its entries
-- are unfiled, so nothing is left to count down.
CREATE FUNCTION library_assets_count() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    old_collection uuid := CASE WHEN TG_OP IN ('DELETE', 'UPDATE') THEN OLD.collection_id END;
    new_collection uuid := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN NEW.collection_id END;
BEGIN
    IF old_collection IS NOT DISTINCT FROM new_collection THEN
        RETURN NULL;
    END IF;
    PERFORM lock_library(CASE WHEN TG_OP = 'DELETE' THEN OLD.owner_id ELSE NEW.owner_id END);
    IF old_collection IS NOT NULL THEN
        UPDATE collections SET asset_count = asset_count - 1 WHERE id = old_collection;
    END IF;
    IF new_collection IS NOT NULL THEN
        UPDATE collections SET asset_count = asset_count + 1 WHERE id = new_collection;
        -- The foreign key guarantees the row exists: not finding it means the transaction is
        -- bound to another owner, and a silent miss would leave the count wrong for good.
        IF NOT FOUND THEN
            RAISE EXCEPTION 'collection % is not visible to this transaction; its asset count cannot be kept',
                new_collection
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER library_assets_count
    AFTER INSERT OR DELETE OR UPDATE OF collection_id ON library_assets
    FOR EACH ROW EXECUTE FUNCTION library_assets_count();

-- The SQL API of the library, as the app calls it (PostgREST /rpc, or plain SQL). Each runs with
-- the caller's rights, so row security binds it to one owner: another owner's id is "not found",
-- whatever it guesses. Every change refuses what it cannot find, rather than doing nothing.

-- The bound owner, its library locked for this transaction; refuses an unbound transaction. It runs
-- as the schema owner only to call lock_library, which no role may call on its own: a caller can
-- lock the library of the owner it is bound to, no other.
CREATE FUNCTION lock_bound_library() RETURNS uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    owner uuid := bound_owner();
BEGIN
    IF owner IS NULL THEN
        RAISE EXCEPTION 'no owner is bound to this transaction'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'PostgREST sets request.jwt.claims; otherwise set_config(''mediakeep.owner_id'', <owner>, true)';
    END IF;
    PERFORM lock_library(owner);
    RETURN owner;
END
$$;

CREATE FUNCTION create_collection(name text, description text DEFAULT NULL) RETURNS uuid
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    created uuid := gen_random_uuid();
BEGIN
    IF coalesce(btrim(create_collection.name), '') = '' THEN
        RAISE EXCEPTION 'a collection needs a name' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO collections (id, owner_id, name, description)
    VALUES (created, lock_bound_library(), btrim(create_collection.name),
            create_collection.description);
    RETURN created;
END
$$;

CREATE FUNCTION rename_collection(collection_id uuid, name text, description text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    PERFORM lock_bound_library();
    IF coalesce(btrim(rename_collection.name), '') = '' THEN
        RAISE EXCEPTION 'a collection needs a name' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE collections c
    SET name = btrim(rename_collection.name), description = rename_collection.description,
        updated_at = now()
    WHERE c.id = rename_collection.collection_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'collection % not found', rename_collection.collection_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

CREATE FUNCTION delete_collection(collection_id uuid) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    PERFORM lock_bound_library();
    DELETE FROM collections c WHERE c.id = delete_collection.collection_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'collection % not found', delete_collection.collection_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

-- Files an entry in a collection, moves it from the one it is in, or unfiles it (null).
CREATE FUNCTION file_asset(library_asset_id uuid, collection_id uuid) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    PERFORM lock_bound_library();
    IF file_asset.collection_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM collections c WHERE c.id = file_asset.collection_id) THEN
        RAISE EXCEPTION 'collection % not found', file_asset.collection_id
            USING ERRCODE = 'no_data_found';
    END IF;
    UPDATE library_assets l
    SET collection_id = file_asset.collection_id, updated_at = now()
    WHERE l.id = file_asset.library_asset_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'library asset % not found', file_asset.library_asset_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

CREATE FUNCTION set_asset_title(library_asset_id uuid, title text) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    PERFORM lock_bound_library();
    UPDATE library_assets l
    SET custom_title = nullif(btrim(set_asset_title.title), ''), updated_at = now()
    WHERE l.id = set_asset_title.library_asset_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'library asset % not found', set_asset_title.library_asset_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

-- Tags are trimmed, empty ones dropped, duplicates kept once, in the order first given.
CREATE FUNCTION set_asset_tags(library_asset_id uuid, tags text[]) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    cleaned text[];
BEGIN
    PERFORM lock_bound_library();
    SELECT coalesce(array_agg(tag ORDER BY first_at), '{}') INTO cleaned
    FROM (
        SELECT btrim(t) AS tag, min(ordinality) AS first_at
        FROM unnest(coalesce(set_asset_tags.tags, '{}')) WITH ORDINALITY AS given(t, ordinality)
        WHERE coalesce(btrim(t), '') <> ''
        GROUP BY btrim(t)
    ) distinct_tags;
    IF cardinality(cleaned) > 100
        OR EXISTS (SELECT 1 FROM unnest(cleaned) tag WHERE length(tag) > 100) THEN
        RAISE EXCEPTION 'at most 100 tags of at most 100 characters each'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE library_assets l
    SET tags = cleaned, updated_at = now()
    WHERE l.id = set_asset_tags.library_asset_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'library asset % not found', set_asset_tags.library_asset_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

CREATE FUNCTION set_asset_favorite(library_asset_id uuid, is_favorite boolean) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    PERFORM lock_bound_library();
    UPDATE library_assets l
    SET is_favorite = coalesce(set_asset_favorite.is_favorite, false), updated_at = now()
    WHERE l.id = set_asset_favorite.library_asset_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'library asset % not found', set_asset_favorite.library_asset_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

-- Visibility is data for the app (who it shows the entry to); it grants no database access.
CREATE FUNCTION set_asset_visibility(library_asset_id uuid, visibility text) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    PERFORM lock_bound_library();
    IF set_asset_visibility.visibility IS NULL
        OR set_asset_visibility.visibility NOT IN ('private', 'unlisted', 'public') THEN
        RAISE EXCEPTION 'visibility must be private, unlisted or public, not %',
            coalesce(set_asset_visibility.visibility, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE library_assets l
    SET visibility = set_asset_visibility.visibility, updated_at = now()
    WHERE l.id = set_asset_visibility.library_asset_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'library asset % not found', set_asset_visibility.library_asset_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

-- The worker's way to remove an entry (a delete command), under the owner's library lock as every
-- other change. Returns the removed row, or nothing when no entry of the bound owner has that id.
CREATE FUNCTION remove_library_asset(library_asset_id uuid) RETURNS SETOF library_assets
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
BEGIN
    PERFORM lock_bound_library();
    RETURN QUERY
        DELETE FROM library_assets l
        WHERE l.id = remove_library_asset.library_asset_id AND l.owner_id = bound_owner()
        RETURNING l.*;
END
$$;

REVOKE EXECUTE ON FUNCTION
    create_collection(text, text), rename_collection(uuid, text, text), delete_collection(uuid),
    file_asset(uuid, uuid), set_asset_title(uuid, text), set_asset_tags(uuid, text[]),
    set_asset_favorite(uuid, boolean), set_asset_visibility(uuid, text),
    library_assets_count(), remove_library_asset(uuid), lock_library(uuid), lock_bound_library()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    create_collection(text, text), rename_collection(uuid, text, text), delete_collection(uuid),
    file_asset(uuid, uuid), set_asset_title(uuid, text), set_asset_tags(uuid, text[]),
    set_asset_favorite(uuid, boolean), set_asset_visibility(uuid, text)
    TO ${library_role};
GRANT EXECUTE ON FUNCTION remove_library_asset(uuid), lock_library(uuid) TO ${worker_role};
GRANT EXECUTE ON FUNCTION lock_bound_library() TO ${worker_role}, ${library_role};

-- [jooq ignore stop]
