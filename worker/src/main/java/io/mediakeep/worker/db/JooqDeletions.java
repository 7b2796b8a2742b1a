package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;
import static io.mediakeep.db.jooq.Tables.LIBRARY_ASSETS;

import io.mediakeep.db.jooq.tables.records.AssetsRecord;
import io.mediakeep.db.jooq.tables.records.LibraryAssetsRecord;
import io.mediakeep.worker.core.AssetState;
import io.mediakeep.worker.core.DeletionLedger;
import io.mediakeep.worker.core.LibraryEntry;
import io.mediakeep.worker.core.LifecycleEvents;
import io.mediakeep.worker.core.Removal;
import io.mediakeep.worker.core.StoredAsset;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Deletes in PostgreSQL. An asset is locked as recording locks it (its scene first, then its row),
 * so a delete and a new version of the scene wait for each other instead of deadlocking; an entry
 * is removed by {@code remove_library_asset}, which locks its collection before it.
 */
public final class JooqDeletions implements DeletionLedger {

  private final DSLContext dsl;

  public JooqDeletions(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Result remove(UUID ownerId, UUID id, String causationId, Instant now) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          Optional<AssetsRecord> asset =
              tx.selectFrom(ASSETS).where(ASSETS.ID.eq(id)).fetchOptional();
          if (asset.isPresent()) {
            return removeAsset(tx, asset.get(), ownerId, causationId, now);
          }
          Optional<LibraryAssetsRecord> entry =
              tx.selectFrom(LIBRARY_ASSETS).where(LIBRARY_ASSETS.ID.eq(id)).fetchOptional();
          if (entry.isPresent()) {
            return removeEntry(tx, entry.get(), ownerId, causationId, now);
          }
          // Gone already: a library entry leaves only its removal behind.
          return JooqRemovals.latestFor(tx, id)
              .<Result>map(
                  removal ->
                      removal.ownerId().equals(ownerId)
                          ? new Result.Queued(removal)
                          : new Result.NotOwner())
              .orElseGet(Result.NotFound::new);
        });
  }

  private static Result removeAsset(
      DSLContext tx, AssetsRecord found, UUID ownerId, String causationId, Instant now) {
    if (!found.getOwnerId().equals(ownerId)) {
      return new Result.NotOwner();
    }
    tx.select(Locks.awaitScene(found.getProjectId(), found.getSceneId(), found.getVariant()))
        .fetch();
    AssetsRecord row =
        tx.selectFrom(ASSETS).where(ASSETS.ID.eq(found.getId())).forUpdate().fetchSingle();
    StoredAsset stored = JooqAssetLedger.toStored(row);
    return switch (stored.state()) {
      case EXPIRED -> new Result.Expired(stored);
      case DELETED -> new Result.Queued(earlierRemoval(tx, stored, causationId));
      case LIVE -> {
        List<Removal> queued =
            Tombstones.bury(
                tx,
                List.of(row),
                AssetState.DELETED,
                now,
                JooqRemovals.Reason.DELETED,
                tombstone ->
                    LifecycleEvents.deleted(tombstone, causationId, tombstone.removedAt()));
        yield new Result.Queued(queued.getFirst());
      }
    };
  }

  /** The removal a delete queued before; a tombstone whose removal was pruned counts as done. */
  private static Removal earlierRemoval(DSLContext tx, StoredAsset tombstone, String causationId) {
    return JooqRemovals.latestFor(tx, tombstone.id())
        .orElseGet(
            () ->
                new Removal(
                    0,
                    tombstone.ownerId(),
                    tombstone.id(),
                    tombstone.bucket(),
                    tombstone.objectKey(),
                    tombstone.sizeBytes(),
                    LifecycleEvents.deleted(tombstone, causationId, tombstone.removedAt()),
                    true));
  }

  private static Result removeEntry(
      DSLContext tx, LibraryAssetsRecord found, UUID ownerId, String causationId, Instant now) {
    if (!found.getOwnerId().equals(ownerId)) {
      return new Result.NotOwner();
    }
    Locks.bindOwner(tx, ownerId);
    List<LibraryAssetsRecord> removed =
        tx.select()
            .from(DSL.table("remove_library_asset({0})", DSL.val(found.getId())))
            .fetchInto(LIBRARY_ASSETS);
    if (removed.isEmpty()) {
      return JooqRemovals.latestFor(tx, found.getId())
          .<Result>map(Result.Queued::new)
          .orElseGet(Result.NotFound::new);
    }
    LibraryEntry entry = JooqLibrary.toEntry(removed.getFirst());
    List<Removal> queued =
        JooqRemovals.queue(
            tx,
            List.of(
                new JooqRemovals.Queued(
                    ownerId,
                    entry.id(),
                    JooqRemovals.Reason.DELETED,
                    entry.bucket(),
                    entry.objectKey(),
                    entry.sizeBytes(),
                    LifecycleEvents.deleted(entry, causationId, now))));
    return new Result.Queued(queued.getFirst());
  }
}
