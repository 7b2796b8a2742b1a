package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSET_REJECTIONS;

import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.worker.core.RejectionLog;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Keeps every rejection for ops and replay, one row per input record; a redelivered record counts
 * another occurrence instead of adding a row. A replayed record is a new record (a new offset), so
 * it gets a row of its own, one replay generation further on.
 */
public final class RejectionStore implements RejectionLog {

  private final DSLContext dsl;

  public RejectionStore(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public void record(AssetRejected rejection, byte[] rawKey, byte[] rawValue) {
    // A command names its owner only; media-generated data its asset key too.
    MediaGenerated input = rejection.input() instanceof MediaGenerated generated ? generated : null;
    UUID owner = rejection.input() == null ? null : rejection.input().ownerId();
    OffsetDateTime at = rejection.rejectedAt().atOffset(ZoneOffset.UTC);
    dsl.insertInto(ASSET_REJECTIONS)
        .set(ASSET_REJECTIONS.SOURCE_TOPIC, rejection.originalTopic())
        .set(ASSET_REJECTIONS.SOURCE_PARTITION, rejection.originalPartition())
        .set(ASSET_REJECTIONS.SOURCE_OFFSET, rejection.originalOffset())
        .set(ASSET_REJECTIONS.EVENT_ID, PgText.of(rejection.causationId()))
        .set(ASSET_REJECTIONS.EVENT_TYPE, PgText.of(rejection.originalType()))
        .set(ASSET_REJECTIONS.OWNER_ID, owner)
        .set(ASSET_REJECTIONS.PROJECT_ID, input == null ? null : input.projectId())
        .set(ASSET_REJECTIONS.SCENE_ID, input == null ? null : PgText.of(input.sceneId()))
        .set(ASSET_REJECTIONS.VERSION, input == null ? null : input.version())
        .set(ASSET_REJECTIONS.VARIANT, input == null ? null : input.variant())
        .set(ASSET_REJECTIONS.REASON, rejection.reason().name())
        .set(ASSET_REJECTIONS.DETAIL, PgText.of(rejection.detail()))
        .set(ASSET_REJECTIONS.ATTEMPTS, rejection.attempts())
        .set(ASSET_REJECTIONS.RAW_HEADERS, Jsonb.of(PgText.of(rejection.rawHeaders())))
        .set(ASSET_REJECTIONS.RAW_KEY, rawKey)
        .set(ASSET_REJECTIONS.RAW_VALUE, rawValue)
        .set(
            ASSET_REJECTIONS.REPLAY_GENERATION,
            replayGeneration(rejection.rawHeaders().get(RejectionLog.REPLAYS_HEADER)))
        .set(ASSET_REJECTIONS.FIRST_REJECTED_AT, at)
        .set(ASSET_REJECTIONS.LAST_REJECTED_AT, at)
        .onConflict(
            ASSET_REJECTIONS.SOURCE_TOPIC,
            ASSET_REJECTIONS.SOURCE_PARTITION,
            ASSET_REJECTIONS.SOURCE_OFFSET)
        .doUpdate()
        .set(ASSET_REJECTIONS.OCCURRENCES, ASSET_REJECTIONS.OCCURRENCES.plus(1))
        .set(ASSET_REJECTIONS.LAST_REJECTED_AT, at)
        .set(ASSET_REJECTIONS.REASON, DSL.excluded(ASSET_REJECTIONS.REASON))
        .set(ASSET_REJECTIONS.DETAIL, DSL.excluded(ASSET_REJECTIONS.DETAIL))
        .set(ASSET_REJECTIONS.ATTEMPTS, DSL.excluded(ASSET_REJECTIONS.ATTEMPTS))
        .execute();
  }

  /**
   * The replay generation a record's {@code mediakeep-replays} header claims. Anything but a
   * non-negative number counts as 0: the header comes from outside, and a bad one must not lose the
   * rejection.
   */
  static int replayGeneration(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(header.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
