package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;
import static io.mediakeep.db.jooq.Tables.ASSET_REJECTIONS;
import static io.mediakeep.db.jooq.Tables.ASSET_REMOVALS;
import static io.mediakeep.db.jooq.Tables.COLLECTIONS;
import static io.mediakeep.db.jooq.Tables.LIBRARY_ASSETS;
import static io.mediakeep.db.jooq.Tables.OWNER_PURGES;
import static io.mediakeep.db.jooq.Tables.PROJECTS;

import io.mediakeep.contracts.OwnerPurged;
import io.mediakeep.db.jooq.tables.records.OwnerPurgesRecord;
import io.mediakeep.worker.core.AssetState;
import io.mediakeep.worker.core.PurgeLedger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * An owner's purge in PostgreSQL: the marker, then the owner's rows in batches, each batch one
 * transaction bound to the owner (row security lets the worker delete no other owner's rows) that
 * counts what it removed on the marker, so a purge stopped anywhere goes on where it was.
 */
public final class JooqPurges implements PurgeLedger {

  private final DSLContext dsl;

  public JooqPurges(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Marker start(UUID ownerId, String commandId, Instant now) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          // Waits for the owner's recordings under way; later ones see the marker.
          tx.select(Locks.holdOwner(ownerId)).fetch();
          OwnerPurgesRecord marker =
              tx.selectFrom(OWNER_PURGES)
                  .where(OWNER_PURGES.OWNER_ID.eq(ownerId))
                  .forUpdate()
                  .fetchOptional()
                  .orElse(null);
          if (marker != null && marker.getCommandId().equals(commandId)) {
            return toMarker(marker);
          }
          OffsetDateTime at = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
          OwnerPurgesRecord fresh = new OwnerPurgesRecord();
          fresh.setOwnerId(ownerId);
          fresh.setPurgedAt(at);
          fresh.setCommandId(commandId);
          fresh.setAssetsRemoved(0L);
          fresh.setLibraryAssetsRemoved(0L);
          fresh.setCollectionsRemoved(0L);
          fresh.setRejectionsRemoved(0L);
          fresh.setObjectsRemoved(0L);
          fresh.setFinishedAt(null);
          tx.insertInto(OWNER_PURGES)
              .set(fresh)
              .onConflict(OWNER_PURGES.OWNER_ID)
              .doUpdate()
              .set(fresh)
              .execute();
          return toMarker(fresh);
        });
  }

  @Override
  public long removeBatch(UUID ownerId, Instant purgedAt, int max) {
    OffsetDateTime upTo = purgedAt.atOffset(ZoneOffset.UTC);
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          Locks.bindOwner(tx, ownerId);
          // The library's lock before any row, as a promote takes it before it holds its asset.
          tx.select(Locks.holdLibrary(ownerId)).fetch();
          List<JooqRemovals.Queued> objects = new ArrayList<>();
          // Every row of the owner, tombstones too; a live one's object goes with it.
          var assets =
              tx.deleteFrom(ASSETS)
                  .where(
                      ASSETS.ID.in(
                          DSL.select(ASSETS.ID)
                              .from(ASSETS)
                              .where(ASSETS.OWNER_ID.eq(ownerId))
                              .and(ASSETS.CREATED_AT.le(upTo))
                              .limit(max)))
                  .returning(
                      ASSETS.ID, ASSETS.STATE, ASSETS.BUCKET, ASSETS.OBJECT_KEY, ASSETS.SIZE_BYTES)
                  .fetch();
          assets.stream()
              .filter(a -> AssetState.LIVE.dbName().equals(a.getState()))
              .forEach(
                  a ->
                      objects.add(
                          purged(
                              ownerId,
                              a.getId(),
                              a.getBucket(),
                              a.getObjectKey(),
                              a.getSizeBytes())));
          int budget = max - assets.size();
          int entries = 0;
          if (budget > 0) {
            var removed =
                tx.deleteFrom(LIBRARY_ASSETS)
                    .where(
                        LIBRARY_ASSETS.ID.in(
                            DSL.select(LIBRARY_ASSETS.ID)
                                .from(LIBRARY_ASSETS)
                                .where(LIBRARY_ASSETS.OWNER_ID.eq(ownerId))
                                .and(LIBRARY_ASSETS.CREATED_AT.le(upTo))
                                .limit(budget)))
                    .returning(
                        LIBRARY_ASSETS.ID,
                        LIBRARY_ASSETS.BUCKET,
                        LIBRARY_ASSETS.OBJECT_KEY,
                        LIBRARY_ASSETS.SIZE_BYTES,
                        LIBRARY_ASSETS.COPY_PENDING)
                    .fetch();
            // An entry moved from V4 still shares its source asset's object: that goes with the
            // asset.
            removed.stream()
                .filter(e -> !Boolean.TRUE.equals(e.getCopyPending()))
                .forEach(
                    e ->
                        objects.add(
                            purged(
                                ownerId,
                                e.getId(),
                                e.getBucket(),
                                e.getObjectKey(),
                                e.getSizeBytes())));
            entries = removed.size();
            budget -= entries;
          }
          int collections =
              deleteSome(
                  tx,
                  COLLECTIONS,
                  COLLECTIONS.ID,
                  COLLECTIONS.OWNER_ID.eq(ownerId).and(COLLECTIONS.CREATED_AT.le(upTo)),
                  budget);
          budget -= collections;
          int rejections =
              deleteSome(
                  tx,
                  ASSET_REJECTIONS,
                  ASSET_REJECTIONS.ID,
                  ASSET_REJECTIONS
                      .OWNER_ID
                      .eq(ownerId)
                      .and(ASSET_REJECTIONS.FIRST_REJECTED_AT.le(upTo)),
                  budget);
          budget -= rejections;
          // A project goes once none of its assets is left: one the owner is filling again with
          // events produced after the purge stays claimed by the owner.
          int projects =
              deleteSome(
                  tx,
                  PROJECTS,
                  PROJECTS.PROJECT_ID,
                  PROJECTS
                      .OWNER_ID
                      .eq(ownerId)
                      .and(PROJECTS.CREATED_AT.le(upTo))
                      .andNotExists(
                          DSL.selectOne()
                              .from(ASSETS)
                              .where(ASSETS.PROJECT_ID.eq(PROJECTS.PROJECT_ID))),
                  budget);
          JooqRemovals.queue(tx, objects);
          tx.update(OWNER_PURGES)
              .set(OWNER_PURGES.ASSETS_REMOVED, OWNER_PURGES.ASSETS_REMOVED.plus(assets.size()))
              .set(
                  OWNER_PURGES.LIBRARY_ASSETS_REMOVED,
                  OWNER_PURGES.LIBRARY_ASSETS_REMOVED.plus(entries))
              .set(
                  OWNER_PURGES.COLLECTIONS_REMOVED,
                  OWNER_PURGES.COLLECTIONS_REMOVED.plus(collections))
              .set(
                  OWNER_PURGES.REJECTIONS_REMOVED, OWNER_PURGES.REJECTIONS_REMOVED.plus(rejections))
              .where(OWNER_PURGES.OWNER_ID.eq(ownerId))
              .execute();
          return (long) assets.size() + entries + collections + rejections + projects;
        });
  }

  /**
   * Counts the objects the purge's removals deleted, then forgets the owner's finished removals:
   * nothing of the owner is left to repeat a delete of.
   */
  @Override
  public Marker finish(UUID ownerId) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          int objects =
              tx.fetchCount(
                  ASSET_REMOVALS,
                  ASSET_REMOVALS
                      .OWNER_ID
                      .eq(ownerId)
                      .and(ASSET_REMOVALS.REASON.eq(JooqRemovals.Reason.PURGED.dbName()))
                      .and(ASSET_REMOVALS.DONE_AT.isNotNull()));
          tx.deleteFrom(ASSET_REMOVALS)
              .where(ASSET_REMOVALS.OWNER_ID.eq(ownerId))
              .and(ASSET_REMOVALS.DONE_AT.isNotNull())
              .execute();
          return toMarker(
              tx.update(OWNER_PURGES)
                  .set(OWNER_PURGES.OBJECTS_REMOVED, OWNER_PURGES.OBJECTS_REMOVED.plus(objects))
                  .set(OWNER_PURGES.FINISHED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                  .where(OWNER_PURGES.OWNER_ID.eq(ownerId))
                  .returning()
                  .fetchSingle());
        });
  }

  @Override
  public OwnerPurged.Removed preview(UUID ownerId) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          Locks.bindOwner(tx, ownerId);
          // A live asset's object goes, and an entry's own: a V4 entry shares its asset's.
          long liveAssets =
              tx.fetchCount(
                  ASSETS,
                  ASSETS.OWNER_ID.eq(ownerId).and(ASSETS.STATE.eq(AssetState.LIVE.dbName())));
          long ownEntries =
              tx.fetchCount(
                  LIBRARY_ASSETS,
                  LIBRARY_ASSETS.OWNER_ID.eq(ownerId).and(LIBRARY_ASSETS.COPY_PENDING.isFalse()));
          return new OwnerPurged.Removed(
              tx.fetchCount(ASSETS, ASSETS.OWNER_ID.eq(ownerId)),
              tx.fetchCount(LIBRARY_ASSETS, LIBRARY_ASSETS.OWNER_ID.eq(ownerId)),
              tx.fetchCount(COLLECTIONS, COLLECTIONS.OWNER_ID.eq(ownerId)),
              tx.fetchCount(ASSET_REJECTIONS, ASSET_REJECTIONS.OWNER_ID.eq(ownerId)),
              liveAssets + ownEntries);
        });
  }

  private static JooqRemovals.Queued purged(
      UUID ownerId, UUID subjectId, String bucket, String objectKey, long sizeBytes) {
    return new JooqRemovals.Queued(
        ownerId, subjectId, JooqRemovals.Reason.PURGED, bucket, objectKey, sizeBytes, null);
  }

  private static Marker toMarker(OwnerPurgesRecord r) {
    return new Marker(
        r.getPurgedAt().toInstant(),
        r.getCommandId(),
        new OwnerPurged.Removed(
            r.getAssetsRemoved(),
            r.getLibraryAssetsRemoved(),
            r.getCollectionsRemoved(),
            r.getRejectionsRemoved(),
            r.getObjectsRemoved()),
        r.getFinishedAt() != null);
  }

  /**
   * Deletes at most {@code budget} rows of {@code table} that {@code which} selects (none once the
   * budget is spent) and returns how many went.
   */
  private static <T> int deleteSome(
      DSLContext tx, Table<?> table, TableField<?, T> id, Condition which, int budget) {
    if (budget <= 0) {
      return 0;
    }
    return tx.deleteFrom(table)
        .where(id.in(DSL.select(id).from(table).where(which).limit(budget)))
        .execute();
  }
}
