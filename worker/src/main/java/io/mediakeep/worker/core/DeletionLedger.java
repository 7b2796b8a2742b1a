package io.mediakeep.worker.core;

import java.time.Instant;
import java.util.UUID;

/** Removes an asset or a library entry at its owner's request. */
public interface DeletionLedger {

  /** What a delete found and did. */
  sealed interface Result {
    /** No asset or entry has the id, and none had. */
    record NotFound() implements Result {}

    /** The id is another owner's. */
    record NotOwner() implements Result {}

    /** The asset expired before: nothing to delete. */
    record Expired(StoredAsset tombstone) implements Result {}

    /**
     * The asset became a tombstone, or the entry is gone, and the removal of its object is queued;
     * or that happened before, and this is its removal (possibly done already).
     */
    record Queued(Removal removal) implements Result {}
  }

  /**
   * In one transaction: an asset becomes a tombstone (the highest live version of its scene
   * becoming current if it was), or an entry is removed (its collection's count kept right), and
   * the removal of its object is queued with its deleted event.
   */
  Result remove(UUID ownerId, UUID id, String causationId, Instant now);
}
