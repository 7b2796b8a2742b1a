package io.mediakeep.worker.core;

import io.mediakeep.contracts.OwnerPurged;
import java.time.Instant;
import java.util.UUID;

/** Removes every row of an owner, resumably, behind a marker that refuses its older events. */
public interface PurgeLedger {

  /** The owner's marker: when it was purged, by which command, what was removed so far. */
  record Marker(
      Instant purgedAt, String commandId, OwnerPurged.Removed removed, boolean finished) {}

  /**
   * Sets the owner's marker, waiting for recordings of the owner's assets under way: from its
   * commit on, no event of the owner produced before {@code now} is recorded. A command seen before
   * (a redelivery) finds its marker as it left it and goes on from there.
   */
  Marker start(UUID ownerId, String commandId, Instant now);

  /**
   * Removes up to {@code max} of the owner's rows made up to {@code purgedAt}, queueing the removal
   * of their objects, and counts them on the marker, in one transaction. Returns how many rows
   * went; 0 when none is left.
   */
  long removeBatch(UUID ownerId, Instant purgedAt, int max);

  /** Marks the purge finished, counting the objects its removals deleted. */
  Marker finish(UUID ownerId);

  /** What a purge of the owner would remove now. */
  OwnerPurged.Removed preview(UUID ownerId);
}
