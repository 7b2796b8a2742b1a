package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSET_REMOVALS;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.InvalidEventException;
import io.mediakeep.contracts.LifecycleEvent;
import io.mediakeep.db.jooq.tables.records.AssetRemovalsRecord;
import io.mediakeep.worker.core.Removal;
import io.mediakeep.worker.core.RemovalQueue;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * The removals outbox in PostgreSQL. A drain holds its claimed rows (FOR UPDATE SKIP LOCKED) in a
 * transaction while the work deletes objects and publishes events, so two drains never carry out
 * one removal at once, and a drain that dies releases its rows with its connection.
 */
public final class JooqRemovals implements RemovalQueue {

  /** Why a removal was queued; the {@code reason} column. */
  enum Reason {
    EXPIRED,
    DELETED,
    PURGED,
    LOST;

    String dbName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A removal to queue in the caller's transaction. */
  record Queued(
      UUID ownerId,
      UUID subjectId,
      Reason reason,
      String bucket,
      String objectKey,
      long sizeBytes,
      LifecycleEvent event) {}

  private final DSLContext dsl;

  public JooqRemovals(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public List<Removal> drain(Selection which, int max, Work work) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          List<Removal> claimed =
              tx.selectFrom(ASSET_REMOVALS)
                  .where(ASSET_REMOVALS.DONE_AT.isNull())
                  .and(selected(which))
                  .orderBy(ASSET_REMOVALS.ID)
                  .limit(max)
                  .forUpdate()
                  .skipLocked()
                  .fetch(JooqRemovals::toRemoval);
          if (claimed.isEmpty()) {
            return claimed;
          }
          Set<Long> done = work.carryOut(claimed);
          if (!done.isEmpty()) {
            // An expired asset's tombstone says all a later command needs: its removal goes.
            // A delete's removal stays, so that the same delete repeated finds what it did.
            tx.deleteFrom(ASSET_REMOVALS)
                .where(ASSET_REMOVALS.ID.in(done))
                .and(ASSET_REMOVALS.REASON.eq(Reason.EXPIRED.dbName()))
                .execute();
            tx.update(ASSET_REMOVALS)
                .set(ASSET_REMOVALS.DONE_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .where(ASSET_REMOVALS.ID.in(done))
                .execute();
          }
          return claimed;
        });
  }

  @Override
  public Optional<Removal> latestFor(UUID subjectId) {
    return latestFor(dsl, subjectId);
  }

  static Optional<Removal> latestFor(DSLContext tx, UUID subjectId) {
    return tx.selectFrom(ASSET_REMOVALS)
        .where(ASSET_REMOVALS.SUBJECT_ID.eq(subjectId))
        .orderBy(ASSET_REMOVALS.ID.desc())
        .limit(1)
        .fetchOptional()
        .map(JooqRemovals::toRemoval);
  }

  /** Queues removals in the caller's transaction; returns them with their ids, in order. */
  static List<Removal> queue(DSLContext tx, List<Queued> queued) {
    List<Removal> removals = new ArrayList<>(queued.size());
    if (queued.isEmpty()) {
      return removals;
    }
    var insert =
        tx.insertInto(
            ASSET_REMOVALS,
            ASSET_REMOVALS.OWNER_ID,
            ASSET_REMOVALS.SUBJECT_ID,
            ASSET_REMOVALS.REASON,
            ASSET_REMOVALS.BUCKET,
            ASSET_REMOVALS.OBJECT_KEY,
            ASSET_REMOVALS.SIZE_BYTES,
            ASSET_REMOVALS.EVENT_TYPE,
            ASSET_REMOVALS.EVENT_DATA);
    for (Queued q : queued) {
      insert =
          insert.values(
              q.ownerId(),
              q.subjectId(),
              q.reason().dbName(),
              q.bucket(),
              q.objectKey(),
              q.sizeBytes(),
              q.event() == null ? null : q.event().eventType(),
              q.event() == null
                  ? null
                  : JSONB.valueOf(
                      new String(EventCodec.lifecycleJson(q.event()), StandardCharsets.UTF_8)));
    }
    List<Long> ids = insert.returning(ASSET_REMOVALS.ID).fetch(ASSET_REMOVALS.ID);
    for (int i = 0; i < queued.size(); i++) {
      Queued q = queued.get(i);
      removals.add(
          new Removal(
              ids.get(i),
              q.ownerId(),
              q.subjectId(),
              q.bucket(),
              q.objectKey(),
              q.sizeBytes(),
              q.event(),
              false));
    }
    return removals;
  }

  private static Condition selected(Selection which) {
    return switch (which) {
      case Selection.All all -> DSL.trueCondition();
      case Selection.Ids ids -> ASSET_REMOVALS.ID.in(ids.ids());
      case Selection.Owner owner -> ASSET_REMOVALS.OWNER_ID.eq(owner.ownerId());
    };
  }

  private static Removal toRemoval(AssetRemovalsRecord r) {
    LifecycleEvent event = null;
    if (r.getEventType() != null) {
      try {
        event =
            EventCodec.lifecycleFromJson(
                r.getEventType(), r.getEventData().data().getBytes(StandardCharsets.UTF_8));
      } catch (InvalidEventException e) {
        throw new IllegalStateException("removal " + r.getId() + " holds an unreadable event", e);
      }
    }
    return new Removal(
        r.getId(),
        r.getOwnerId(),
        r.getSubjectId(),
        r.getBucket(),
        r.getObjectKey(),
        r.getSizeBytes(),
        event,
        r.getDoneAt() != null);
  }
}
