package io.mediakeep.worker.it;

import static io.mediakeep.db.jooq.Tables.ASSET_REJECTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.RejectionReplays;
import io.mediakeep.worker.db.RejectionReplays.Filter;
import io.mediakeep.worker.db.RejectionReplays.Plan;
import io.mediakeep.worker.db.RejectionReplays.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay queries on real PostgreSQL: what a plan counts and holds, the pages it walks, and the
 * marking. Every test uses a project of its own, since the database is shared.
 */
class RejectionReplaysIT {

  private static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");
  private static final AtomicLong OFFSETS = new AtomicLong();
  private static Database db;
  private static RejectionReplays replays;

  @BeforeAll
  static void connect() {
    db = Database.connect(SharedStack.db(2), null);
    db.migrate();
    replays = new RejectionReplays(db.dsl());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void aPlanCountsByReasonAndProjectAndHoldsRowsAtTheLimit() {
    UUID project = UUID.randomUUID();
    insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 0, 0);
    insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 2, 0);
    insert(project, RejectReason.TOO_LARGE, T0, 1, 0);
    insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 3, 0);
    insert(project, RejectReason.TOO_LARGE, T0, 5, 0);

    Plan plan = replays.plan(only(project), 3, Long.MAX_VALUE);

    assertThat(plan.toSend()).isEqualTo(3);
    assertThat(plan.held()).isEqualTo(2);
    assertThat(plan.byReason())
        .containsExactly(Map.entry("SOURCE_NOT_FOUND", 2L), Map.entry("TOO_LARGE", 1L));
    assertThat(plan.byProject()).containsExactly(Map.entry(project, 3L));
    assertThat(plan.projects()).isEqualTo(1);

    Plan reasons =
        replays.plan(
            new Filter(Set.of(RejectReason.TOO_LARGE), project, null, null, false),
            1,
            Long.MAX_VALUE);
    assertThat(reasons.toSend()).isZero();
    assertThat(reasons.held()).isEqualTo(2);
  }

  @Test
  void pagesWalkTheRowsOnceInTheOrderTheyWereRejected() {
    UUID project = UUID.randomUUID();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(insert(project, RejectReason.RETRIES_EXHAUSTED, T0, 0, 0));
    }
    Plan plan = replays.plan(only(project), 3, Long.MAX_VALUE);

    List<Long> walked = new ArrayList<>();
    long after = 0;
    for (List<Row> page = replays.page(plan, after, 2);
        !page.isEmpty();
        page = replays.page(plan, after, 2)) {
      assertThat(page.size()).isLessThanOrEqualTo(2);
      page.forEach(row -> walked.add(row.id()));
      after = page.getLast().id();
    }

    assertThat(walked).isEqualTo(ids);
    Row row = replays.page(plan, 0, 1).getFirst();
    assertThat(row.key()).isEqualTo(project.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(row.value()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(row.headers()).containsExactly(Map.entry("ce_id", "id-" + row.offset()));
    assertThat(row.reason()).isEqualTo("RETRIES_EXHAUSTED");
  }

  @Test
  void aLimitTakesTheEarliestRows() {
    UUID project = UUID.randomUUID();
    long first = insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 0, 0);
    long second = insert(project, RejectReason.TOO_LARGE, T0, 0, 0);
    insert(project, RejectReason.TOO_LARGE, T0, 0, 0);

    Plan plan = replays.plan(only(project), 3, 2);

    assertThat(plan.toSend()).isEqualTo(2);
    assertThat(plan.byReason())
        .containsOnly(Map.entry("SOURCE_NOT_FOUND", 1L), Map.entry("TOO_LARGE", 1L));
    assertThat(replays.page(plan, 0, (int) plan.toSend()))
        .extracting(Row::id)
        .containsExactly(first, second);
  }

  @Test
  void sinceAndUntilBoundTheLastRejection() {
    UUID project = UUID.randomUUID();
    insert(project, RejectReason.SOURCE_NOT_FOUND, T0.minusSeconds(3600), 0, 0);
    long inside = insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 0, 0);
    insert(project, RejectReason.SOURCE_NOT_FOUND, T0.plusSeconds(3600), 0, 0);

    Plan plan =
        replays.plan(
            new Filter(Set.of(), project, T0, T0.plusSeconds(3600), false), 3, Long.MAX_VALUE);

    assertThat(plan.toSend()).isEqualTo(1);
    assertThat(replays.page(plan, 0, 10)).extracting(Row::id).containsExactly(inside);
  }

  @Test
  void markedRowsAreLeftOutUnlessAskedForAgain() {
    UUID project = UUID.randomUUID();
    long marked = insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 0, 0);
    long other = insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 0, 0);

    assertThat(replays.markReplayed(List.of(marked))).isEqualTo(1);
    assertThat(replays.markReplayed(List.of())).isZero();

    var row = dsl().selectFrom(ASSET_REJECTIONS).where(ASSET_REJECTIONS.ID.eq(marked)).fetchOne();
    assertThat(row.getReplayCount()).isEqualTo(1);
    assertThat(row.getLastReplayedAt()).isNotNull();
    assertThat(replays.page(replays.plan(only(project), 3, Long.MAX_VALUE), 0, 10))
        .extracting(Row::id)
        .containsExactly(other);
    assertThat(
            replays.page(
                replays.plan(new Filter(Set.of(), project, null, null, true), 3, Long.MAX_VALUE),
                0,
                10))
        .extracting(Row::id)
        .containsExactly(marked, other);
  }

  @Test
  void rowsRejectedAfterPlanningWaitForTheNextReplay() {
    UUID project = UUID.randomUUID();
    long before = insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 0, 0);
    Plan plan = replays.plan(only(project), 3, Long.MAX_VALUE);
    insert(project, RejectReason.SOURCE_NOT_FOUND, T0, 1, 0);

    assertThat(replays.page(plan, 0, 10)).extracting(Row::id).containsExactly(before);
  }

  private static Filter only(UUID project) {
    return new Filter(Set.of(), project, null, null, false);
  }

  private static DSLContext dsl() {
    return db.dsl();
  }

  private static long insert(
      UUID project, RejectReason reason, Instant lastRejected, int generation, int replayCount) {
    long offset = OFFSETS.incrementAndGet();
    return dsl()
        .insertInto(ASSET_REJECTIONS)
        .set(ASSET_REJECTIONS.SOURCE_TOPIC, "replays-it")
        .set(ASSET_REJECTIONS.SOURCE_PARTITION, 0)
        .set(ASSET_REJECTIONS.SOURCE_OFFSET, offset)
        .set(ASSET_REJECTIONS.PROJECT_ID, project)
        .set(ASSET_REJECTIONS.REASON, reason.name())
        .set(ASSET_REJECTIONS.DETAIL, "detail " + offset)
        .set(ASSET_REJECTIONS.ATTEMPTS, 1)
        .set(ASSET_REJECTIONS.RAW_KEY, project.toString().getBytes(StandardCharsets.UTF_8))
        .set(ASSET_REJECTIONS.RAW_VALUE, "{}".getBytes(StandardCharsets.UTF_8))
        .set(ASSET_REJECTIONS.RAW_HEADERS, JSONB.valueOf("{\"ce_id\":\"id-" + offset + "\"}"))
        .set(ASSET_REJECTIONS.REPLAY_GENERATION, generation)
        .set(ASSET_REJECTIONS.REPLAY_COUNT, replayCount)
        .set(ASSET_REJECTIONS.LAST_REJECTED_AT, lastRejected.atOffset(ZoneOffset.UTC))
        .returning(ASSET_REJECTIONS.ID)
        .fetchOne()
        .getId();
  }
}
