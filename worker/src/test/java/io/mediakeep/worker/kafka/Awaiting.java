package io.mediakeep.worker.kafka;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits up to 10 s for a condition another thread brings about, for the unit tests here. */
public final class Awaiting {

  private Awaiting() {}

  public static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }
}
