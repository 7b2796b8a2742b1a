-- The video phase: what each asset is to the sequence of a project (a scene image, a frame, a clip
-- between frames, the final video), its place in it, the metadata a frame carried, and the reads
-- the downstream video workers and the app build on.

ALTER TABLE assets ADD COLUMN role varchar(16) NOT NULL DEFAULT 'scene_image';
ALTER TABLE assets ADD COLUMN position integer;
ALTER TABLE assets ADD COLUMN description text;
ALTER TABLE assets ADD COLUMN frame_timestamp varchar(32);
ALTER TABLE assets ADD COLUMN scene_story text;
ALTER TABLE assets ADD COLUMN style text;
ALTER TABLE assets ADD COLUMN mood text;
ALTER TABLE assets ADD CONSTRAINT assets_role_ck CHECK (role IN ('scene_image', 'frame', 'clip', 'final'));
ALTER TABLE assets ADD CONSTRAINT assets_position_ck CHECK (position >= 0);

-- The reads below take a project's current rows in sequence order.
CREATE INDEX assets_sequence_ix ON assets (project_id, position) WHERE is_current;

-- [jooq ignore start]

-- Videos stored before roles were clips, as an event without a role is now. The worker names every
-- role itself; the column's default only serves rows written by hand.
ALTER TABLE assets NO FORCE ROW LEVEL SECURITY;
UPDATE assets SET role = 'clip' WHERE media_type = 'video';
ALTER TABLE assets FORCE ROW LEVEL SECURITY;

-- The app reads its owner's live assets too, to build on what the video phase made.
GRANT SELECT ON assets TO ${library_role};
CREATE POLICY assets_library ON assets FOR SELECT TO ${library_role}
    USING (owner_id = bound_owner() AND state = 'live');

-- The location downstream should use: the public URL when one is configured, else s3://.
CREATE FUNCTION asset_location(url text, bucket text, object_key text) RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT coalesce(url, 's3://' || bucket || '/' || object_key)
$$;

-- The current frames and clips of a project in sequence order: by position (assets without one
-- after the numbered ones, by scene), a frame before a clip at the same position. Each function
-- runs with the caller's rights, so row security shows a reader or the app its own owner's live
-- rows only: never a tombstone, never another owner's project.
CREATE FUNCTION project_timeline(project_id uuid)
RETURNS TABLE (
    asset_id uuid, role text, "position" integer, scene_id text, version integer, variant integer,
    bucket text, object_key text, url text, content_type text, width integer, height integer,
    duration_ms bigint)
LANGUAGE sql
STABLE
AS $$
    SELECT a.id, a.role, a.position, a.scene_id, a.version, a.variant, a.bucket, a.object_key,
           asset_location(a.url, a.bucket, a.object_key), a.content_type, a.width, a.height,
           a.duration_ms
    FROM assets a
    WHERE a.project_id = project_timeline.project_id
      AND a.is_current
      AND a.role IN ('frame', 'clip')
    ORDER BY a.position NULLS LAST, a.role <> 'frame', a.scene_id, a.variant
$$;

-- The current final video of a project: the last in sequence if there are several.
CREATE FUNCTION project_final_video(project_id uuid)
RETURNS TABLE (
    asset_id uuid, scene_id text, version integer, bucket text, object_key text, url text,
    content_type text, width integer, height integer, duration_ms bigint, size_bytes bigint,
    sha256 text)
LANGUAGE sql
STABLE
AS $$
    SELECT a.id, a.scene_id, a.version, a.bucket, a.object_key,
           asset_location(a.url, a.bucket, a.object_key), a.content_type, a.width, a.height,
           a.duration_ms, a.size_bytes, a.sha256
    FROM assets a
    WHERE a.project_id = project_final_video.project_id
      AND a.is_current
      AND a.role = 'final'
    ORDER BY a.position DESC NULLS LAST, a.created_at DESC
    LIMIT 1
$$;

-- A project's scenes as the old project API returned them: one row per scene in sequence order,
-- with its current images' locations in variant order (imageUrls).
CREATE FUNCTION project_scene_images(project_id uuid)
RETURNS TABLE (scene_id text, "position" integer, image_urls text[])
LANGUAGE sql
STABLE
AS $$
    SELECT a.scene_id, min(a.position),
           array_agg(asset_location(a.url, a.bucket, a.object_key) ORDER BY a.variant)
    FROM assets a
    WHERE a.project_id = project_scene_images.project_id
      AND a.is_current
      AND a.role = 'scene_image'
    GROUP BY a.scene_id
    ORDER BY min(a.position) NULLS LAST, a.scene_id
$$;

REVOKE EXECUTE ON FUNCTION
    project_timeline(uuid), project_final_video(uuid), project_scene_images(uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    project_timeline(uuid), project_final_video(uuid), project_scene_images(uuid)
    TO ${reader_role}, ${library_role}, ${worker_role};

-- [jooq ignore stop]
