package io.mediakeep.worker.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition another thread brings about, generously, so slow machines pass too. */
final class Await {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private Await() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + PATIENCE + " waiting until " + what);
      }
      Thread.sleep(10);
    }
  }
}
