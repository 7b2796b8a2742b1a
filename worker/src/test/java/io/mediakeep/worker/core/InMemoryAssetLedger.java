package io.mediakeep.worker.core;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The ledger in memory, held to the same contract as the PostgreSQL one. */
public final class InMemoryAssetLedger implements AssetLedger {

  private final Map<AssetKey, StoredAsset> rows = new LinkedHashMap<>();
  private final Map<UUID, Instant> purges = new HashMap<>();
  private int failuresLeft;
  private int recordFailuresLeft;
  private int recordCalls;

  /** The next {@code count} calls of {@link #record} fail, as an outage right after an upload. */
  public synchronized void failNextRecords(int count) {
    recordFailuresLeft = count;
  }

  public synchronized int recordCalls() {
    return recordCalls;
  }

  /** The next {@code count} calls fail as a database outage would. */
  public synchronized void failNext(int count) {
    failuresLeft = count;
  }

  @Override
  public synchronized Optional<StoredAsset> find(AssetKey key) {
    failIfAsked();
    return Optional.ofNullable(rows.get(key));
  }

  @Override
  public synchronized Lookup lookup(AssetKey key, UUID ownerId) {
    failIfAsked();
    return new Lookup(rows.get(key), purges.get(ownerId));
  }

  /** The owner was purged at {@code at}, as a purge command leaves it. */
  public synchronized void purged(UUID ownerId, Instant at) {
    purges.put(ownerId, at);
  }

  /** The key's row becomes a tombstone in {@code state}, as the sweep or a delete leaves it. */
  public synchronized void tombstone(AssetKey key, AssetState state) {
    StoredAsset r = rows.get(key);
    rows.put(
        key,
        new StoredAsset(
            r.id(),
            r.ownerId(),
            r.key(),
            r.mediaType(),
            r.retention(),
            r.bucket(),
            r.objectKey(),
            null,
            r.contentType(),
            r.sizeBytes(),
            r.sha256(),
            r.width(),
            r.height(),
            r.durationMs(),
            null,
            false,
            r.expiresAt(),
            r.storedAt(),
            state,
            Instant.now(),
            r.role(),
            r.position(),
            null));
  }

  @Override
  public synchronized Recorded record(NewAsset a) {
    recordCalls++;
    failIfAsked();
    if (recordFailuresLeft > 0) {
      recordFailuresLeft--;
      throw new IllegalStateException("database is down (simulated), after the upload");
    }
    boolean foreign =
        rows.values().stream()
            .anyMatch(
                r ->
                    r.key().projectId().equals(a.key().projectId())
                        && !r.ownerId().equals(a.ownerId()));
    if (foreign) {
      return Recorded.foreign();
    }
    StoredAsset existing = rows.get(a.key());
    if (existing != null) {
      return Recorded.existing(existing);
    }
    Instant purgedAt = purges.get(a.ownerId());
    if (purgedAt != null && a.producedAt().isBefore(purgedAt)) {
      return Recorded.purged();
    }
    rows.put(
        a.key(),
        new StoredAsset(
            a.id(),
            a.ownerId(),
            a.key(),
            a.mediaType(),
            a.retention(),
            a.bucket(),
            a.objectKey(),
            a.url(),
            a.contentType(),
            a.sizeBytes(),
            a.sha256(),
            a.width(),
            a.height(),
            a.durationMs(),
            a.sourceFingerprint(),
            false,
            a.expiresAt(),
            Instant.now(),
            AssetState.LIVE,
            null,
            a.role(),
            a.position(),
            a.frame()));
    int highest =
        rows.entrySet().stream()
            .filter(e -> sameScene(e.getKey(), a.key()) && e.getValue().live())
            .map(Map.Entry::getKey)
            .mapToInt(AssetKey::version)
            .max()
            .orElseThrow();
    rows.replaceAll(
        (k, row) ->
            sameScene(k, a.key()) && row.live() ? withCurrent(row, k.version() == highest) : row);
    return Recorded.inserted(rows.get(a.key()));
  }

  public synchronized int size() {
    return rows.size();
  }

  private void failIfAsked() {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new IllegalStateException("database is down (simulated)");
    }
  }

  private static boolean sameScene(AssetKey a, AssetKey b) {
    return a.projectId().equals(b.projectId())
        && a.sceneId().equals(b.sceneId())
        && a.variant() == b.variant();
  }

  private static StoredAsset withCurrent(StoredAsset r, boolean current) {
    return new StoredAsset(
        r.id(),
        r.ownerId(),
        r.key(),
        r.mediaType(),
        r.retention(),
        r.bucket(),
        r.objectKey(),
        r.url(),
        r.contentType(),
        r.sizeBytes(),
        r.sha256(),
        r.width(),
        r.height(),
        r.durationMs(),
        r.sourceFingerprint(),
        current,
        r.expiresAt(),
        r.storedAt(),
        r.state(),
        r.removedAt(),
        r.role(),
        r.position(),
        r.frame());
  }
}
