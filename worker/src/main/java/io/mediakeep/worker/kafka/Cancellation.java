package io.mediakeep.worker.kafka;

import java.util.concurrent.atomic.AtomicBoolean;

/** Tells a processing task that its partition is gone or the worker is out of time. */
public final class Cancellation {

  private final AtomicBoolean cancelled = new AtomicBoolean();

  public boolean cancelled() {
    return cancelled.get();
  }

  void cancel() {
    cancelled.set(true);
  }

  /** Sleeps up to {@code millis}, waking early when cancelled; returns false if cancelled. */
  public boolean pause(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!cancelled()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return true;
      }
      try {
        Thread.sleep(Math.min(left, 100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
