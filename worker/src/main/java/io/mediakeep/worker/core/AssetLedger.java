package io.mediakeep.worker.core;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The durable record of stored assets, keyed by {@link AssetKey}. */
public interface AssetLedger {

  /** The row that holds the key, live or a tombstone. */
  Optional<StoredAsset> find(AssetKey key);

  /**
   * What processing needs to know before it downloads: the row that holds the key, if any, and when
   * the event's owner was last purged, if ever; one round trip.
   */
  Lookup lookup(AssetKey key, UUID ownerId);

  /**
   * Inserts the asset unless its key is taken, then makes the highest stored version of its scene
   * and variant the current one, in one transaction. Returns the row that holds the key afterwards,
   * which is the new one only when {@code inserted}. Nothing is written when another owner already
   * holds rows in the asset's project (a project belongs to the owner of its first asset), nor when
   * the owner was purged after the asset's event was produced; a purge that starts while this runs
   * waits for it, so it never leaves a row behind.
   */
  Recorded record(NewAsset asset);

  /**
   * The row that holds a key ({@code asset}, may be null) and the owner's last purge (may be null).
   */
  record Lookup(StoredAsset asset, Instant ownerPurgedAt) {

    public Optional<StoredAsset> existing() {
      return Optional.ofNullable(asset);
    }

    /** True when the owner was purged after an event produced at {@code producedAt}. */
    public boolean purgedSince(Instant producedAt) {
      return ownerPurgedAt != null && producedAt.isBefore(ownerPurgedAt);
    }
  }

  /** What {@link #record} did. */
  enum Result {
    INSERTED,
    /** The key was taken: {@code asset} is the row that holds it. */
    EXISTING,
    /** The project belongs to another owner: nothing written, no row given. */
    FOREIGN_PROJECT,
    /** The owner was purged after the event was produced: nothing written, no row given. */
    OWNER_PURGED
  }

  /** What {@link #record} left in the ledger: the row that holds the key, or none. */
  record Recorded(StoredAsset asset, Result result) {

    public static Recorded inserted(StoredAsset asset) {
      return new Recorded(asset, Result.INSERTED);
    }

    public static Recorded existing(StoredAsset asset) {
      return new Recorded(asset, Result.EXISTING);
    }

    public static Recorded foreign() {
      return new Recorded(null, Result.FOREIGN_PROJECT);
    }

    public static Recorded purged() {
      return new Recorded(null, Result.OWNER_PURGED);
    }

    public boolean inserted() {
      return result == Result.INSERTED;
    }
  }
}
