package io.mediakeep.worker.core;

import io.mediakeep.contracts.RejectReason;

/** What processing one event came to; the record handler switches over it exhaustively. */
public sealed interface Outcome {

  /** The file was downloaded, stored and recorded now. */
  record Stored(StoredAsset asset) implements Outcome {}

  /** The key was already stored from the same source; nothing was downloaded. */
  record AlreadyStored(StoredAsset asset) implements Outcome {}

  /** The event can never be stored as it is; upstream is told why. */
  record Rejected(RejectReason reason, String detail, int attempts) implements Outcome {}

  /**
   * A dependency is unavailable: nothing is rejected, the event is processed again later and its
   * offset is not committed meanwhile ({@link Dependency} says how it waits).
   */
  record RetryLater(Dependency dependency, Throwable cause) implements Outcome {}
}
