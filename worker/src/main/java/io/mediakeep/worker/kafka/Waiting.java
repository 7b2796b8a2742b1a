package io.mediakeep.worker.kafka;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the events that are waiting without holding a slot of the in-flight budget: for their
 * source host's share ({@link HostShares}), for a source host that is down, or behind an earlier
 * event of their scene. The consume loop subtracts them from the events in flight, so a provider
 * outage with hundreds of queued events leaves the budget to the other providers. How many may wait
 * that way is bounded by the loop, since each one still keeps its record in memory.
 */
public final class Waiting {

  private final AtomicInteger count = new AtomicInteger();

  public int count() {
    return count.get();
  }

  void enter() {
    count.incrementAndGet();
  }

  void leave() {
    count.decrementAndGet();
  }

  /** {@link Cancellation#pause(long)}, counted as waiting. */
  boolean pause(Cancellation cancellation, long millis) {
    enter();
    try {
      return cancellation.pause(millis);
    } finally {
      leave();
    }
  }
}
