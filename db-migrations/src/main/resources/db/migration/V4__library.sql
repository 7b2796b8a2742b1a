-- The library: collections an owner files assets into, each asset with a favourite flag and
-- tags. A collection counts the assets filed in it, and an asset is only ever filed in a
-- collection of its own owner.

-- Lets collection_assets name an asset together with its owner in one foreign key, so the
-- database itself refuses to file one owner's asset in another owner's collection.
ALTER TABLE assets ADD CONSTRAINT assets_owner_id_uq UNIQUE (owner_id, id);

CREATE TABLE collections (
    id          uuid         NOT NULL,
    owner_id    uuid         NOT NULL,
    name        varchar(200) NOT NULL,
    visibility  varchar(16)  NOT NULL DEFAULT 'private',
    -- Kept by the trigger on collection_assets; nothing else writes it.
    asset_count integer      NOT NULL DEFAULT 0,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT collections_pk PRIMARY KEY (id),
    CONSTRAINT collections_owner_id_uq UNIQUE (owner_id, id),
    CONSTRAINT collections_visibility_ck CHECK (visibility IN ('private', 'public')),
    CONSTRAINT collections_asset_count_ck CHECK (asset_count >= 0)
);

-- An asset filed in a collection. owner_id repeats the owner of both, which the two foreign
-- keys hold equal; moving an asset to another collection is an update of collection_id. An
-- asset that is filed somewhere cannot be deleted until it is taken out.
CREATE TABLE collection_assets (
    collection_id uuid        NOT NULL,
    asset_id      uuid        NOT NULL,
    owner_id      uuid        NOT NULL,
    favourite     boolean     NOT NULL DEFAULT false,
    tags          text[]      NOT NULL DEFAULT '{}',
    added_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collection_assets_pk PRIMARY KEY (collection_id, asset_id),
    CONSTRAINT collection_assets_collection_fk FOREIGN KEY (owner_id, collection_id)
        REFERENCES collections (owner_id, id) ON DELETE CASCADE,
    CONSTRAINT collection_assets_asset_fk FOREIGN KEY (owner_id, asset_id)
        REFERENCES assets (owner_id, id)
);

CREATE INDEX collections_owner_ix ON collections (owner_id);
CREATE INDEX collection_assets_asset_ix ON collection_assets (owner_id, asset_id);

-- [jooq ignore start]

-- Runs with the rights of whoever files, takes out or moves the asset; the row lock of the
-- UPDATE keeps concurrent changes to one collection counted right. A collection being deleted
-- is gone already when its rows go with it, so nothing is left to count down.
CREATE FUNCTION collection_assets_count() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE collections SET asset_count = asset_count - 1 WHERE id = OLD.collection_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE collections SET asset_count = asset_count + 1 WHERE id = NEW.collection_id;
        -- The foreign key guarantees the row exists: not finding it means row security hides
        -- it from this role, and a silent miss would leave the count wrong for good.
        IF NOT FOUND THEN
            RAISE EXCEPTION 'collection % is not visible to %; its asset count cannot be kept',
                NEW.collection_id, current_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER collection_assets_count
    AFTER INSERT OR DELETE OR UPDATE OF collection_id ON collection_assets
    FOR EACH ROW EXECUTE FUNCTION collection_assets_count();

-- The same isolation as assets: readers see the owner they are bound to, the owner no rows.
-- Nothing in mediakeep writes the library yet, so no role but the owner has rights to change
-- it; whatever comes to write it brings its grants and policy in its own migration.
ALTER TABLE collections ENABLE ROW LEVEL SECURITY;
ALTER TABLE collections FORCE ROW LEVEL SECURITY;
ALTER TABLE collection_assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE collection_assets FORCE ROW LEVEL SECURITY;

GRANT SELECT ON collections, collection_assets TO ${reader_role};

CREATE POLICY collections_reader ON collections FOR SELECT TO ${reader_role}
    USING (owner_id = nullif(current_setting('mediakeep.owner_id', true), '')::uuid);
CREATE POLICY collection_assets_reader ON collection_assets FOR SELECT TO ${reader_role}
    USING (owner_id = nullif(current_setting('mediakeep.owner_id', true), '')::uuid);

-- [jooq ignore stop]
