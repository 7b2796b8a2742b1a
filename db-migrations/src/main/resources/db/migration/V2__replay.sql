-- What `mediakeep replay` needs to put a rejected record back exactly as it came, and to stop
-- a record that keeps failing from going round for ever.

-- The original record key (the project id by contract), so a replay lands on the same partition
-- as the record's siblings. NULL for rows rejected before this column existed.
ALTER TABLE asset_rejections ADD COLUMN raw_key bytea;

-- How many times the rejected record had already been replayed: its mediakeep-replays header,
-- 0 when absent. Replay holds rows whose generation reached --max-replays.
ALTER TABLE asset_rejections ADD COLUMN replay_generation integer NOT NULL DEFAULT 0;

-- How many times this row has been republished, and when last.
ALTER TABLE asset_rejections ADD COLUMN replay_count integer NOT NULL DEFAULT 0;
ALTER TABLE asset_rejections ADD COLUMN last_replayed_at timestamptz;

ALTER TABLE asset_rejections
    ADD CONSTRAINT asset_rejections_replay_generation_ck CHECK (replay_generation >= 0);
ALTER TABLE asset_rejections
    ADD CONSTRAINT asset_rejections_replay_count_ck CHECK (replay_count >= 0);

-- `replay --since/--until` without --reason: the reason index leads with reason, so it cannot
-- serve a time range on its own.
CREATE INDEX asset_rejections_last_rejected_ix ON asset_rejections (last_rejected_at);
