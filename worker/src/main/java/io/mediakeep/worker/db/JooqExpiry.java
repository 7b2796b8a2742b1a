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
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The expiry of workspace assets in PostgreSQL. A batch is claimed with FOR UPDATE SKIP LOCKED, so
 * concurrent sweepers take disjoint batches; the scenes of the batch are then locked with {@code
 * pg_try_advisory_xact_lock}, the lock recording takes, and an asset whose scene is being recorded
 * is left for later: a sweeper never waits for a lock while it holds rows, so it cannot deadlock
 * with recording.
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
          List<AssetsRecord> due =
              tx.selectFrom(ASSETS)
                  .where(expired(now))
                  .andNotExists(
                      DSL.selectOne()
                          .from(LIBRARY_ASSETS)
                          .where(LIBRARY_ASSETS.SOURCE_ASSET_ID.eq(ASSETS.ID))
                          .and(LIBRARY_ASSETS.COPY_PENDING.isTrue()))
                  .orderBy(ASSETS.EXPIRES_AT)
                  .limit(max)
                  .forUpdate()
                  .of(ASSETS)
                  .skipLocked()
                  .fetch();
          if (due.isEmpty()) {
            return List.of();
          }
          Set<String> held = trySceneLocks(tx, due);
          List<AssetsRecord> expiring =
              due.stream()
                  .filter(
                      r ->
                          held.contains(
                              Locks.scene(r.getProjectId(), r.getSceneId(), r.getVariant())))
                  .toList();
          return Tombstones.bury(
              tx,
              expiring,
              AssetState.EXPIRED,
              now,
              JooqRemovals.Reason.EXPIRED,
              tombstone -> LifecycleEvents.expired(tombstone, tombstone.removedAt()));
        });
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
