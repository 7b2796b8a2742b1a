-- mediakeep reconcile walks each bucket's listing and the rows that name its objects side by
-- side, both in byte order of the key (S3 lists keys in UTF-8 binary order, which is the "C"
-- collation's), a page at a time. These indexes give it the rows in that order.

-- The object key's uniqueness moves to an index in the "C" collation: equality is the same in
-- every deterministic collation, so nothing that was unique stops being so.
CREATE UNIQUE INDEX assets_object_c_uq ON assets (bucket, object_key COLLATE "C");
ALTER TABLE assets DROP CONSTRAINT assets_object_uq;

CREATE INDEX library_assets_object_c_ix ON library_assets (bucket, object_key COLLATE "C");
CREATE INDEX asset_removals_pending_object_c_ix ON asset_removals (bucket, object_key COLLATE "C")
    WHERE done_at IS NULL;

-- A row whose object S3 lost is removed by reconcile --fix like any other removal: queued with
-- its media.asset.lost event, and the (already missing, or wrong) object deleted first.
ALTER TABLE asset_removals DROP CONSTRAINT asset_removals_reason_ck;
ALTER TABLE asset_removals ADD CONSTRAINT asset_removals_reason_ck
    CHECK (reason IN ('expired', 'deleted', 'purged', 'lost'));
