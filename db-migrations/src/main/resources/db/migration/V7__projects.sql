-- Who owns each project: the owner of its first asset. Recording inserts the project's row
-- first (ON CONFLICT DO NOTHING) and then reads it, in a statement of its own, so two owners
-- writing the first assets of one new project at the same moment meet on this row: the second
-- insert waits for the first transaction, and the read after it sees the winner. Reading the
-- owner from assets instead could not see another transaction's first asset in time.

CREATE TABLE projects (
    project_id uuid PRIMARY KEY,
    owner_id   uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A purge removes its owner's projects.
CREATE INDEX projects_owner_ix ON projects (owner_id);

-- [jooq ignore start]

-- Every project stored so far, owned by the owner of its earliest asset (two owners could race
-- into one new project before this table existed; the first one keeps it). FORCE row security
-- hides the rows from this migration's login, so it is off for this transaction (see V3).
ALTER TABLE assets NO FORCE ROW LEVEL SECURITY;
INSERT INTO projects (project_id, owner_id, created_at)
SELECT DISTINCT ON (project_id) project_id, owner_id, created_at
FROM assets
ORDER BY project_id, created_at, id;
ALTER TABLE assets FORCE ROW LEVEL SECURITY;

ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects FORCE ROW LEVEL SECURITY;

-- The worker reads and claims every owner's projects; it removes only the bound owner's (purge).
-- Nobody updates a project's owner.
GRANT SELECT, INSERT, DELETE ON projects TO ${worker_role};
CREATE POLICY projects_worker_read ON projects FOR SELECT TO ${worker_role} USING (true);
CREATE POLICY projects_worker_insert ON projects FOR INSERT TO ${worker_role} WITH CHECK (true);
CREATE POLICY projects_worker_delete ON projects FOR DELETE TO ${worker_role}
    USING (owner_id = bound_owner());

-- [jooq ignore stop]
