-- Assets that mediakeep stored: one row per (project, scene, version, variant), never overwritten.
CREATE TABLE assets (
    id                uuid         NOT NULL,
    owner_id          uuid         NOT NULL,
    project_id        uuid         NOT NULL,
    scene_id          varchar(64)  NOT NULL,
    version           integer      NOT NULL,
    variant           integer      NOT NULL DEFAULT 0,
    media_type        varchar(8)   NOT NULL,
    retention         varchar(16)  NOT NULL,
    bucket            varchar(63)  NOT NULL,
    object_key        varchar(1024) NOT NULL,
    url               text,
    content_type      varchar(64)  NOT NULL,
    size_bytes        bigint       NOT NULL,
    sha256            char(64)     NOT NULL,
    width             integer,
    height            integer,
    duration_ms       bigint,
    source_url        text         NOT NULL,
    provider          text,
    model             text,
    prompt            text,
    seed              bigint,
    generation_params jsonb        NOT NULL DEFAULT '{}',
    job_id            text,
    source_event_id   text         NOT NULL,
    is_current        boolean      NOT NULL DEFAULT false,
    expires_at        timestamptz,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT assets_pk PRIMARY KEY (id),
    CONSTRAINT assets_key_uq UNIQUE (project_id, scene_id, version, variant),
    CONSTRAINT assets_object_uq UNIQUE (bucket, object_key),
    CONSTRAINT assets_version_ck CHECK (version >= 1),
    CONSTRAINT assets_variant_ck CHECK (variant >= 0),
    CONSTRAINT assets_media_type_ck CHECK (media_type IN ('image', 'video')),
    CONSTRAINT assets_retention_ck CHECK (retention IN ('project', 'workspace')),
    CONSTRAINT assets_size_ck CHECK (size_bytes >= 0)
);

-- At most one current row per (project, scene, variant). jOOQ's generated model drops the
-- WHERE of a partial index, so code uses it through SQL, never through the generated index.
CREATE UNIQUE INDEX assets_one_current_uq ON assets (project_id, scene_id, variant) WHERE is_current;

CREATE INDEX assets_owner_ix ON assets (owner_id, project_id);
CREATE INDEX assets_workspace_expiry_ix ON assets (expires_at) WHERE retention = 'workspace';

-- The current asset of every scene and variant: what downstream phases build on.
CREATE VIEW current_assets AS
SELECT id, owner_id, project_id, scene_id, version, variant, media_type, retention, bucket,
       object_key, url, content_type, size_bytes, sha256, width, height, duration_ms,
       expires_at, created_at
FROM assets
WHERE is_current;

-- [jooq ignore start]
-- The URL downstream phases should use for a scene: the public URL when one is configured,
-- else the s3:// location. NULL when nothing is stored for the scene.
CREATE FUNCTION current_asset_url(p_project_id uuid, p_scene_id text, p_variant integer DEFAULT 0)
RETURNS text
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(url, 's3://' || bucket || '/' || object_key)
    FROM assets
    WHERE project_id = p_project_id AND scene_id = p_scene_id AND variant = p_variant AND is_current
$$;
-- [jooq ignore stop]

-- Events that could not be stored, why, how often and when: for ops and for replay.
CREATE TABLE asset_rejections (
    id                bigint       GENERATED ALWAYS AS IDENTITY,
    source_topic      varchar(249) NOT NULL,
    source_partition  integer      NOT NULL,
    source_offset     bigint       NOT NULL,
    event_id          text,
    event_type        text,
    owner_id          uuid,
    project_id        uuid,
    scene_id          text,
    version           integer,
    variant           integer,
    reason            varchar(32)  NOT NULL,
    detail            text         NOT NULL,
    attempts          integer      NOT NULL,
    occurrences       integer      NOT NULL DEFAULT 1,
    raw_headers       jsonb        NOT NULL DEFAULT '{}',
    raw_value         bytea,
    first_rejected_at timestamptz  NOT NULL DEFAULT now(),
    last_rejected_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT asset_rejections_pk PRIMARY KEY (id),
    CONSTRAINT asset_rejections_source_uq UNIQUE (source_topic, source_partition, source_offset)
);

CREATE INDEX asset_rejections_reason_ix ON asset_rejections (reason, last_rejected_at);
CREATE INDEX asset_rejections_project_ix ON asset_rejections (project_id);
