package io.mediakeep.worker.core;

import io.github.resilience4j.retry.Retry;
import io.mediakeep.contracts.AssetRole;
import io.mediakeep.contracts.GeneratedEvent;
import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.contracts.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing core: one validated event in, one {@link Outcome} out. It looks the key up,
 * downloads and checks the source, stores the object and records the row; it never publishes and
 * never commits, and knows nothing of Kafka, S3 or SQL.
 */
public final class AssetProcessor {

  private static final Logger log = LoggerFactory.getLogger(AssetProcessor.class);

  /** A source cut for being too slow this many times is the source's fault. */
  private static final int SLOW_CUTS_BEFORE_REJECTION = 2;

  private final AssetLedger ledger;
  private final SourceFetcher fetcher;
  private final ObjectStore store;
  private final StorageLayout layout;
  private final Clock clock;
  private final PipelineObserver observer;
  private final Retry fetchRetry;
  private final Retry storeRetry;
  private final Retry recordRetry;
  private final Retry recordUntilDone;
  private final CircuitBreakers breakers;

  public AssetProcessor(
      AssetLedger ledger,
      SourceFetcher fetcher,
      ObjectStore store,
      StorageLayout layout,
      RetryPolicies retries,
      CircuitBreakers breakers,
      Clock clock,
      PipelineObserver observer) {
    this.breakers = breakers;
    this.ledger = ledger;
    this.fetcher = fetcher;
    this.store = store;
    this.layout = layout;
    this.clock = clock;
    this.observer = observer;
    this.fetchRetry = retries.fetchRetry(observer);
    this.storeRetry = retries.infrastructureRetry("store", observer);
    this.recordRetry = retries.infrastructureRetry("record", observer);
    this.recordUntilDone = retries.untilDone("record", observer);
  }

  /** Processes one event without ever being asked to stop; for tests and tools. */
  public Outcome process(GeneratedEvent event, Instant producedAt) {
    return process(event, producedAt, () -> false);
  }

  /**
   * Processes one event. {@code producedAt} is when it was produced (its ce_time, else its record's
   * timestamp): an owner purged after that refuses it. Once the object is uploaded, the row is
   * waited for in place, through any database outage, until it is written or {@code stopping} says
   * so: a download and an upload are never thrown away for an outage.
   */
  public Outcome process(GeneratedEvent event, Instant producedAt, BooleanSupplier stopping) {
    MediaGenerated data = event.data();
    AssetKey key = new AssetKey(data.projectId(), data.sceneId(), data.version(), data.variant());
    Optional<String> unsafeKey =
        ObjectKeys.problem(data.ownerId(), StorageLayout.keyPrefix(data.ownerId(), key));
    if (unsafeKey.isPresent()) {
      return new Outcome.Rejected(RejectReason.INVALID_EVENT, unsafeKey.get(), 0);
    }
    String fingerprint = SourceFingerprint.of(data.sourceUrl());

    AssetLedger.Lookup lookup;
    try {
      lookup =
          recordRetry.executeCallable(
              () -> breakers.postgres().executeCallable(() -> ledger.lookup(key, data.ownerId())));
    } catch (Exception e) {
      return new Outcome.RetryLater(Dependency.POSTGRES, e);
    }
    if (lookup.purgedSince(producedAt)) {
      return ownerPurged(data, lookup.ownerPurgedAt());
    }
    Optional<StoredAsset> existing = lookup.existing();
    if (existing.isPresent()) {
      if (!existing.get().ownerId().equals(data.ownerId())) {
        return foreignProject(key);
      }
      return existingOutcome(existing.get(), fingerprint);
    }

    AtomicInteger attempts = new AtomicInteger();
    FetchedMedia media;
    Instant fetchStart = clock.instant();
    String host = SourceHost.of(data.sourceUrl());
    String provider = data.generation() == null ? null : data.generation().provider();
    Callable<FetchedMedia> fetch = () -> fetcher.fetch(data.sourceUrl(), event.kind(), provider);
    Callable<FetchedMedia> guarded =
        host == null ? fetch : () -> breakers.source(host).executeCallable(fetch);
    AtomicInteger slowCuts = new AtomicInteger();
    try {
      media =
          fetchRetry.executeCallable(
              () -> {
                attempts.incrementAndGet();
                try {
                  return guarded.call();
                } catch (SourceTooSlowException slow) {
                  if (slowCuts.incrementAndGet() < SLOW_CUTS_BEFORE_REJECTION) {
                    throw slow; // once may be a bad moment: tried again like any timeout
                  }
                  throw new MediaRejectedException(
                      RejectReason.SOURCE_TOO_SLOW,
                      slow.getMessage() + " (" + slowCuts.get() + " times)");
                }
              });
    } catch (Exception e) {
      if (host != null && hostIsDown(host, e)) {
        return new Outcome.RetryLater(Dependency.SOURCE, e);
      }
      return rejectFetch(e, data.expiresAt(), attempts.get());
    }
    observer.fetched(Duration.between(fetchStart, clock.instant()), media.sizeBytes());

    try (media) {
      return storeAndRecord(event, producedAt, key, fingerprint, media, stopping);
    }
  }

  private Outcome storeAndRecord(
      GeneratedEvent event,
      Instant producedAt,
      AssetKey key,
      String fingerprint,
      FetchedMedia media,
      BooleanSupplier stopping) {
    MediaGenerated data = event.data();
    Retention retention = data.retention();
    String bucket = layout.bucket(retention);
    String objectKey =
        StorageLayout.objectKey(data.ownerId(), key, media.sha256Hex(), media.format());
    Optional<String> unsafeKey = ObjectKeys.problem(data.ownerId(), objectKey);
    if (unsafeKey.isPresent()) {
      return new Outcome.Rejected(RejectReason.INVALID_EVENT, unsafeKey.get(), 0);
    }

    Instant storeStart = clock.instant();
    try {
      storeRetry.executeCallable(
          () ->
              breakers
                  .s3()
                  .executeCallable(
                      () -> {
                        store.put(bucket, objectKey, media);
                        return null;
                      }));
    } catch (Exception e) {
      return new Outcome.RetryLater(Dependency.S3, e);
    }
    CrashPoint.AFTER_S3_PUT.reached();
    Instant recordStart = clock.instant();
    observer.stored(Duration.between(storeStart, recordStart));

    NewAsset asset =
        newAsset(event, producedAt, key, fingerprint, media, bucket, objectKey, recordStart);
    AssetLedger.Recorded recorded;
    try {
      recorded =
          recordUntilDone.executeCallable(
              () -> {
                if (stopping.getAsBoolean()) {
                  throw new RetryPolicies.Stopping();
                }
                return breakers.postgres().executeCallable(() -> ledger.record(asset));
              });
    } catch (Exception e) {
      // Stopping (or interrupted): the object is uploaded under its key, and the redelivered
      // event writes the same key with the same bytes before its row.
      return new Outcome.RetryLater(Dependency.POSTGRES, e);
    }
    CrashPoint.AFTER_DB_COMMIT.reached();
    observer.recorded(Duration.between(recordStart, clock.instant()));

    switch (recorded.result()) {
      case INSERTED -> {
        return new Outcome.Stored(recorded.asset());
      }
      case FOREIGN_PROJECT -> {
        deleteOrphan(bucket, objectKey, key);
        return foreignProject(key);
      }
      case OWNER_PURGED -> {
        deleteOrphan(bucket, objectKey, key);
        return ownerPurged(data, null);
      }
      case EXISTING -> {
        StoredAsset winner = recorded.asset();
        if (!winner.bucket().equals(bucket) || !winner.objectKey().equals(objectKey)) {
          deleteOrphan(bucket, objectKey, key);
        }
        return existingOutcome(winner, fingerprint);
      }
    }
    throw new IllegalStateException("unknown result " + recorded.result());
  }

  private NewAsset newAsset(
      GeneratedEvent event,
      Instant producedAt,
      AssetKey key,
      String fingerprint,
      FetchedMedia media,
      String bucket,
      String objectKey,
      Instant now) {
    MediaGenerated data = event.data();
    Generation generation = data.generation();
    return new NewAsset(
        AssetIds.asset(key),
        data.ownerId(),
        key,
        media.format().kind(),
        data.retention(),
        bucket,
        objectKey,
        layout.publicUrl(data.retention(), objectKey),
        media.format().contentType(),
        media.sizeBytes(),
        media.sha256Hex(),
        media.width(),
        media.height(),
        media.durationMs(),
        fingerprint,
        generation == null ? null : generation.provider(),
        generation == null ? null : generation.model(),
        generation == null ? null : generation.prompt(),
        generation == null ? null : generation.seed(),
        generation == null ? Map.of() : generation.parameters(),
        data.jobId(),
        event.envelope().id(),
        layout.expiresAt(data.retention(), now),
        producedAt,
        data.role() != null ? data.role() : AssetRole.defaultFor(event.kind()),
        Positions.of(data.position(), data.sceneId()),
        data.frame());
  }

  /**
   * A transient failure while the host's breaker is open or probing is the host's outage, not the
   * event's fault: the event waits instead of being rejected.
   */
  private boolean hostIsDown(String host, Exception failure) {
    return CircuitBreakers.refused(failure)
        || (FailureClassifier.isTransientFetchFailure(failure) && breakers.sourceUnhealthy(host));
  }

  private Outcome rejectFetch(Exception failure, Instant sourceExpiresAt, int attempts) {
    return switch (FailureClassifier.classifyFetch(failure, sourceExpiresAt, clock.instant())) {
      case FailureClassifier.Failure.Permanent p ->
          new Outcome.Rejected(p.reason(), p.detail(), attempts);
      case FailureClassifier.Failure.Transient t ->
          new Outcome.Rejected(
              RejectReason.RETRIES_EXHAUSTED,
              t.detail() + " (gave up after " + attempts + " attempts)",
              attempts);
    };
  }

  /**
   * A project belongs to the owner of its first asset. Another owner's event for it is refused
   * without saying who the owner is, and without reading or moving any of its rows.
   */
  private static Outcome foreignProject(AssetKey key) {
    return new Outcome.Rejected(
        RejectReason.INVALID_EVENT,
        "project "
            + key.projectId()
            + " belongs to another owner; an owner can only add assets to its own projects",
        0);
  }

  private static Outcome ownerPurged(MediaGenerated data, Instant purgedAt) {
    return new Outcome.Rejected(
        RejectReason.OWNER_PURGED,
        "owner "
            + data.ownerId()
            + " was purged"
            + (purgedAt == null ? "" : " at " + purgedAt)
            + ", after this event was produced; its events from before the purge are refused",
        0);
  }

  /**
   * A key already taken: a tombstone refuses it for good, the same source was stored already, and a
   * different source is a conflict (first write wins).
   */
  private static Outcome existingOutcome(StoredAsset stored, String fingerprint) {
    if (!stored.live()) {
      return new Outcome.Rejected(
          RejectReason.ASSET_EXPIRED,
          "asset "
              + stored.key()
              + (stored.state() == AssetState.EXPIRED ? " expired" : " was deleted")
              + " at "
              + stored.removedAt()
              + "; its key is not stored again",
          0);
    }
    if (stored.sourceFingerprint().equals(fingerprint)) {
      return new Outcome.AlreadyStored(stored);
    }
    return new Outcome.Rejected(
        RejectReason.KEY_CONFLICT,
        "asset "
            + stored.key()
            + " is already stored from a different source as "
            + stored.bucket()
            + "/"
            + stored.objectKey()
            + "; first write wins",
        0);
  }

  private void deleteOrphan(String bucket, String objectKey, AssetKey key) {
    try {
      store.delete(bucket, objectKey);
    } catch (Exception e) {
      log.warn("could not delete orphan object {}/{} of {}", bucket, objectKey, key, e);
    }
  }
}
