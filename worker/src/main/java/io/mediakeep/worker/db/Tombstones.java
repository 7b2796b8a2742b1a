package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;

import io.mediakeep.contracts.LifecycleEvent;
import io.mediakeep.db.jooq.tables.records.AssetsRecord;
import io.mediakeep.worker.core.AssetState;
import io.mediakeep.worker.core.Removal;
import io.mediakeep.worker.core.StoredAsset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Row3;
import org.jooq.impl.DSL;

/**
 * Turns live asset rows into tombstones inside the caller's transaction, which holds the rows and
 * the locks of their scenes: the row keeps its key, owner, location and times and loses what it was
 * made of; where it was current, the highest live version left in its scene becomes current; and
 * the removal of its object is queued with its event. Readers never see the row again, and its
 * object is deleted only after this commits.
 */
final class Tombstones {

  private Tombstones() {}

  static List<Removal> bury(
      DSLContext tx,
      List<AssetsRecord> rows,
      AssetState state,
      Instant at,
      JooqRemovals.Reason reason,
      Function<StoredAsset, LifecycleEvent> event) {
    if (rows.isEmpty()) {
      return List.of();
    }
    OffsetDateTime when = at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    tx.update(ASSETS)
        .set(ASSETS.STATE, state.dbName())
        .set(ASSETS.REMOVED_AT, when)
        .set(ASSETS.UPDATED_AT, when)
        .set(ASSETS.IS_CURRENT, false)
        .setNull(ASSETS.URL)
        .setNull(ASSETS.SOURCE_URL)
        .setNull(ASSETS.PROVIDER)
        .setNull(ASSETS.MODEL)
        .setNull(ASSETS.PROMPT)
        .setNull(ASSETS.SEED)
        .setNull(ASSETS.JOB_ID)
        .setNull(ASSETS.DESCRIPTION)
        .setNull(ASSETS.SCENE_STORY)
        .setNull(ASSETS.STYLE)
        .setNull(ASSETS.MOOD)
        .set(ASSETS.GENERATION_PARAMS, JSONB.valueOf("{}"))
        .where(ASSETS.ID.in(rows.stream().map(AssetsRecord::getId).toList()))
        .execute();
    handOverCurrent(tx, rows, when);
    return JooqRemovals.queue(
        tx,
        rows.stream()
            .map(
                r -> {
                  r.setState(state.dbName());
                  r.setRemovedAt(when);
                  r.setIsCurrent(false);
                  StoredAsset tombstone = JooqAssetLedger.toStored(r);
                  return new JooqRemovals.Queued(
                      r.getOwnerId(),
                      r.getId(),
                      reason,
                      r.getBucket(),
                      r.getObjectKey(),
                      r.getSizeBytes(),
                      event.apply(tombstone));
                })
            .toList());
  }

  /**
   * Where a removed row was current, makes the highest live version left in its scene and variant
   * current. The caller holds the scenes' locks.
   */
  static void handOverCurrent(DSLContext tx, List<AssetsRecord> removed, OffsetDateTime when) {
    List<Row3<UUID, String, Integer>> wereCurrent =
        removed.stream()
            .filter(AssetsRecord::getIsCurrent)
            .map(r -> DSL.row(r.getProjectId(), r.getSceneId(), r.getVariant()))
            .distinct()
            .toList();
    if (wereCurrent.isEmpty()) {
      return;
    }
    tx.update(ASSETS)
        .set(ASSETS.IS_CURRENT, true)
        .set(ASSETS.UPDATED_AT, when)
        .where(
            ASSETS.ID.in(
                DSL.select(ASSETS.ID)
                    .distinctOn(ASSETS.PROJECT_ID, ASSETS.SCENE_ID, ASSETS.VARIANT)
                    .from(ASSETS)
                    .where(ASSETS.STATE.eq(AssetState.LIVE.dbName()))
                    .and(
                        DSL.row(ASSETS.PROJECT_ID, ASSETS.SCENE_ID, ASSETS.VARIANT).in(wereCurrent))
                    .orderBy(
                        ASSETS.PROJECT_ID, ASSETS.SCENE_ID, ASSETS.VARIANT, ASSETS.VERSION.desc())))
        .execute();
  }
}
