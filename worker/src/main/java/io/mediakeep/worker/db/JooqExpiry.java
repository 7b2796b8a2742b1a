package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;
import static io.mediakeep.db.jooq.Tables.ASSET_REMOVALS;
import static io.mediakeep.db.jooq.Tables.LIBRARY_ASSETS;

import io.mediakeep.contracts.Retention;
import io.mediakeep.db.jooq.tables.records.AssetsRecord;
import io.mediakeep.worker.core.AssetState;
import io.mediakeep.worker.core.ExpiryLedger;
import io.mediakeep.worker.core.LifecycleEvents;
import io.mediakeep.worker.core.Removal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The expiry of workspace assets in PostgreSQL. The scenes of the next due assets are locked with
 * {@code pg_try_advisory_xact_lock}, the lock recording takes, and only then are their rows claimed
 * with FOR UPDATE SKIP LOCKED. An asset whose scene another sweeper or a recording holds is left
 * for later, so concurrent sweepers take disjoint scenes; a sweeper never waits for a lock, and
 * every row it locks or hands the current version to lies in a scene it holds, so it deadlocks
 * neither with recording nor with another sweeper.
 */
public final class JooqExpiry implements ExpiryLedger {

  private final DSLContext dsl;

  public JooqExpiry(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public List<Removal> expire(Instant now, int max) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          // The scenes first, rows second: a sweeper holds row locks only in scenes whose lock it
          // holds, so the current version it hands over is never a row another sweeper locked.
          // (Rows claimed before the scene locks deadlocked two sweepers: each handed a scene over
          // to a row the other had claimed.)
          List<AssetsRecord> due =
              tx.selectFrom(ASSETS).where(due(now)).orderBy(ASSETS.EXPIRES_AT).limit(max).fetch();
          if (due.isEmpty()) {
            return List.of();
          }
          Set<String> held = trySceneLocks(tx, due);
          List<UUID> inHeldScenes =
              due.stream()
                  .filter(
                      r ->
                          held.contains(
                              Locks.scene(r.getProjectId(), r.getSceneId(), r.getVariant())))
                  .map(AssetsRecord::getId)
                  .toList();
          if (inHeldScenes.isEmpty()) {
            return List.of();
          }
          // Still due now that the scenes are held (a promotion may have started meanwhile), and
          // not locked by a writer outside the scene lock, such as a delete command.
          List<AssetsRecord> expiring =
              tx.selectFrom(ASSETS)
                  .where(ASSETS.ID.in(inHeldScenes))
                  .and(due(now))
                  .orderBy(ASSETS.EXPIRES_AT)
                  .forUpdate()
                  .of(ASSETS)
                  .skipLocked()
                  .fetch();
          return Tombstones.bury(
              tx,
              expiring,
              AssetState.EXPIRED,
              now,
              JooqRemovals.Reason.EXPIRED,
              tombstone -> LifecycleEvents.expired(tombstone, tombstone.removedAt()));
        });
  }

  /** Expired, and not the source of a library copy still to be made. */
  private static Condition due(Instant now) {
    return expired(now)
        .andNotExists(
            DSL.selectOne()
                .from(LIBRARY_ASSETS)
                .where(LIBRARY_ASSETS.SOURCE_ASSET_ID.eq(ASSETS.ID))
                .and(LIBRARY_ASSETS.COPY_PENDING.isTrue()));
  }

  @Override
  public Preview preview(Instant now) {
    var expired =
        dsl.select(
                DSL.count(),
                DSL.coalesce(DSL.sum(ASSETS.SIZE_BYTES), DSL.inline(0).cast(SQLDataType.NUMERIC)))
            .from(ASSETS)
            .where(expired(now))
            .fetchSingle();
    int queued = dsl.fetchCount(ASSET_REMOVALS, ASSET_REMOVALS.DONE_AT.isNull());
    int copies = dsl.fetchCount(LIBRARY_ASSETS, LIBRARY_ASSETS.COPY_PENDING.isTrue());
    return new Preview(expired.value1(), expired.value2().longValue(), queued, copies);
  }

  /** The predicate of the partial index assets_expiry_ix, word for word, and the time. */
  private static Condition expired(Instant now) {
    return ASSETS
        .RETENTION
        .eq(Retention.WORKSPACE.wireName())
        .and(ASSETS.STATE.eq(AssetState.LIVE.dbName()))
        .and(ASSETS.EXPIRES_AT.le(now.atOffset(ZoneOffset.UTC)));
  }

  /** The scenes of these rows whose lock this transaction got without waiting. */
  private static Set<String> trySceneLocks(DSLContext tx, List<AssetsRecord> rows) {
    String[] scenes =
        rows.stream()
            .map(r -> Locks.scene(r.getProjectId(), r.getSceneId(), r.getVariant()))
            .distinct()
            .sorted()
            .toArray(String[]::new);
    Field<String> scene = DSL.field(DSL.name("scene"), String.class);
    return tx.select(scene)
        .from(DSL.unnest(DSL.val(scenes)).as("scenes", "scene"))
        .where(DSL.condition("pg_try_advisory_xact_lock(hashtextextended({0}, 0))", scene))
        .fetchSet(scene);
  }
}
