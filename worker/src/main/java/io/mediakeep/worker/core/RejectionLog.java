package io.mediakeep.worker.core;

import io.mediakeep.contracts.AssetRejected;

/** Keeps rejections where ops and `mediakeep replay` can find them. */
@FunctionalInterface
public interface RejectionLog {

  void record(AssetRejected rejection);
}
