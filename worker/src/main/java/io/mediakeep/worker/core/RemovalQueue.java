package io.mediakeep.worker.core;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The removals still to carry out (a transactional outbox). A drain claims pending removals that no
 * other drain holds, lets the work delete the objects and publish the events, and marks done what
 * the work says is done, all while it holds them: each removal is carried out by one drain at a
 * time, and a crash leaves it pending for the next.
 */
public interface RemovalQueue {

  /** Which pending removals a drain may claim. */
  sealed interface Selection {
    /** Any, oldest first. */
    record All() implements Selection {}

    /** These, by id. */
    record Ids(List<Long> ids) implements Selection {}

    /** The removals of one owner. */
    record Owner(UUID ownerId) implements Selection {}
  }

  /** Carries out claimed removals; returns the ids of those now done (object gone, event out). */
  @FunctionalInterface
  interface Work {
    Set<Long> carryOut(List<Removal> claimed);
  }

  /** Claims up to {@code max} pending removals, runs the work on them, marks the done ones. */
  List<Removal> drain(Selection which, int max, Work work);

  /** The latest removal of an asset or library entry, done or not. */
  Optional<Removal> latestFor(UUID subjectId);
}
