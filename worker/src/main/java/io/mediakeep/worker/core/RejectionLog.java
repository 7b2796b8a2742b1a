package io.mediakeep.worker.core;

import io.mediakeep.contracts.AssetRejected;

/** Keeps rejections where ops and `mediakeep replay` can find them. */
@FunctionalInterface
public interface RejectionLog {

  /**
   * The header `mediakeep replay` sets on a record it republishes: how many times the record has
   * been replayed. A rejection's {@code rawHeaders} carry it, so the log knows how far round the
   * replay loop a record already is.
   */
  String REPLAYS_HEADER = "mediakeep-replays";

  /**
   * Keeps the rejection with the raw key and value of the input record it rejects (each null when
   * the record had none), so a replay can republish the exact bytes to the same partition.
   */
  void record(AssetRejected rejection, byte[] rawKey, byte[] rawValue);
}
