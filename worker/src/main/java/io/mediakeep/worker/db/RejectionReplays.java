package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSET_REJECTIONS;

import io.mediakeep.contracts.RejectReason;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.SelectConditionStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Finds the rejections a replay should republish and marks those it has republished. Rows are read
 * in pages keyed on id, never the whole table at once. A replay covers only the rows that existed
 * when it was planned, so a record the worker rejects again while the replay runs waits for the
 * next replay instead of going round within this one.
 */
public final class RejectionReplays {

  /** How many of the largest projects a plan lists by name. */
  static final int PROJECTS_LISTED = 20;

  /**
   * Which rejections to replay; null fields and an empty reason set do not filter. {@code since}
   * and {@code until} bound {@code last_rejected_at} (since inclusive, until exclusive). Rows
   * already replayed are left out unless {@code includeReplayed}.
   */
  public record Filter(
      Set<RejectReason> reasons,
      UUID projectId,
      Instant since,
      Instant until,
      boolean includeReplayed) {

    public Filter {
      reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
    }
  }

  /**
   * What a replay will do: send {@code toSend} rows (at most its limit) with ids up to {@code
   * upToId}, and hold {@code held} rows that reached {@code maxReplays}. {@code byProject} lists
   * the largest projects only, {@code projects} counts them all; a null key stands for rows without
   * a project (input that could not be decoded).
   */
  public record Plan(
      Filter filter,
      int maxReplays,
      long limit,
      long upToId,
      long toSend,
      long held,
      Map<String, Long> byReason,
      Map<UUID, Long> byProject,
      int projects) {}

  /** A rejected record as it was consumed, and where it came from. */
  public record Row(
      long id,
      String topic,
      int partition,
      long offset,
      String reason,
      String detail,
      UUID projectId,
      int replayGeneration,
      byte[] key,
      byte[] value,
      Map<String, String> headers) {}

  private final DSLContext dsl;

  public RejectionReplays(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Counts what a replay of {@code filter} would send and hold. Rows whose replay generation
   * reached {@code maxReplays} are held; of the others, the first {@code limit} by id are sent.
   */
  public Plan plan(Filter filter, int maxReplays, long limit) {
    Long maxId =
        dsl.select(DSL.max(ASSET_REJECTIONS.ID)).from(ASSET_REJECTIONS).fetchOne(0, Long.class);
    long upToId = maxId == null ? 0 : maxId;
    Condition selected = selected(filter).and(ASSET_REJECTIONS.ID.le(upToId));
    long held =
        dsl.fetchCount(
            ASSET_REJECTIONS, selected.and(ASSET_REJECTIONS.REPLAY_GENERATION.ge(maxReplays)));

    SelectConditionStep<Record3<Long, String, UUID>> eligible =
        dsl.select(ASSET_REJECTIONS.ID, ASSET_REJECTIONS.REASON, ASSET_REJECTIONS.PROJECT_ID)
            .from(ASSET_REJECTIONS)
            .where(selected.and(ASSET_REJECTIONS.REPLAY_GENERATION.lt(maxReplays)));
    Table<?> chosen =
        (limit < Long.MAX_VALUE ? eligible.orderBy(ASSET_REJECTIONS.ID).limit(limit) : eligible)
            .asTable("chosen");
    Field<String> reason = chosen.field(ASSET_REJECTIONS.REASON);
    Field<UUID> project = chosen.field(ASSET_REJECTIONS.PROJECT_ID);

    Map<String, Long> byReason = new LinkedHashMap<>();
    dsl.select(reason, DSL.count())
        .from(chosen)
        .groupBy(reason)
        .orderBy(DSL.count().desc(), reason)
        .forEach(r -> byReason.put(r.value1(), r.value2().longValue()));
    Map<UUID, Long> byProject = new LinkedHashMap<>();
    dsl.select(project, DSL.count())
        .from(chosen)
        .groupBy(project)
        .orderBy(DSL.count().desc(), project)
        .limit(PROJECTS_LISTED)
        .forEach(r -> byProject.put(r.value1(), r.value2().longValue()));
    int projects = dsl.fetchCount(dsl.select(project).from(chosen).groupBy(project));
    long toSend = byReason.values().stream().mapToLong(Long::longValue).sum();
    return new Plan(filter, maxReplays, limit, upToId, toSend, held, byReason, byProject, projects);
  }

  /**
   * The next rows of the plan, after row {@code afterId} in id order. Pages do not know how many
   * rows came before them, so the caller keeps to the plan's {@code toSend}.
   */
  public List<Row> page(Plan plan, long afterId, int size) {
    return dsl.selectFrom(ASSET_REJECTIONS)
        .where(
            selected(plan.filter())
                .and(ASSET_REJECTIONS.REPLAY_GENERATION.lt(plan.maxReplays()))
                .and(ASSET_REJECTIONS.ID.gt(afterId))
                .and(ASSET_REJECTIONS.ID.le(plan.upToId())))
        .orderBy(ASSET_REJECTIONS.ID)
        .limit(size)
        .fetch(
            r ->
                new Row(
                    r.getId(),
                    r.getSourceTopic(),
                    r.getSourcePartition(),
                    r.getSourceOffset(),
                    r.getReason(),
                    r.getDetail(),
                    r.getProjectId(),
                    r.getReplayGeneration(),
                    r.getRawKey(),
                    r.getRawValue(),
                    Jsonb.stringMap(r.getRawHeaders())));
  }

  /** Marks rows as republished once more, in one statement; returns how many were marked. */
  public int markReplayed(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return dsl.update(ASSET_REJECTIONS)
        .set(ASSET_REJECTIONS.REPLAY_COUNT, ASSET_REJECTIONS.REPLAY_COUNT.plus(1))
        .set(ASSET_REJECTIONS.LAST_REPLAYED_AT, DSL.currentOffsetDateTime())
        .where(ASSET_REJECTIONS.ID.in(ids))
        .execute();
  }

  private static Condition selected(Filter filter) {
    Condition condition = DSL.noCondition();
    if (!filter.reasons().isEmpty()) {
      condition =
          condition.and(
              ASSET_REJECTIONS.REASON.in(filter.reasons().stream().map(Enum::name).toList()));
    }
    if (filter.projectId() != null) {
      condition = condition.and(ASSET_REJECTIONS.PROJECT_ID.eq(filter.projectId()));
    }
    if (filter.since() != null) {
      condition =
          condition.and(
              ASSET_REJECTIONS.LAST_REJECTED_AT.ge(filter.since().atOffset(ZoneOffset.UTC)));
    }
    if (filter.until() != null) {
      condition =
          condition.and(
              ASSET_REJECTIONS.LAST_REJECTED_AT.lt(filter.until().atOffset(ZoneOffset.UTC)));
    }
    if (!filter.includeReplayed()) {
      condition = condition.and(ASSET_REJECTIONS.REPLAY_COUNT.eq(0));
    }
    return condition;
  }
}
