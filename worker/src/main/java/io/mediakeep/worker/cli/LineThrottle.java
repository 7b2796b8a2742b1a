package io.mediakeep.worker.cli;

import java.util.function.LongSupplier;

/** Lets a long CLI job print its progress at most once a second. */
final class LineThrottle {

  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final LongSupplier nanoTime;
  private long last;

  LineThrottle(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.last = nanoTime.getAsLong();
  }

  /** True, once a second at most, when a line is due. */
  boolean due() {
    long now = nanoTime.getAsLong();
    if (now - last < INTERVAL_NANOS) {
      return false;
    }
    last = now;
    return true;
  }
}
