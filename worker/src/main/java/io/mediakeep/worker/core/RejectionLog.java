package io.mediakeep.worker.core;

import io.mediakeep.contracts.AssetRejected;

/** Keeps rejections where ops and `mediakeep replay` can find them. */
@FunctionalInterface
public interface RejectionLog {

  /**
   * Keeps the rejection and the raw value of the input record it rejects (null for a tombstone), so
   * a replay can republish the exact bytes.
   */
  void record(AssetRejected rejection, byte[] rawValue);
}
