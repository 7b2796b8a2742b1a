package io.mediakeep.worker.fetch;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory that downloads larger than the spool threshold share: such a body, when its length is
 * declared and the budget has room for it, is kept in memory instead of going to disk, and gives
 * its bytes back when its content is closed. What does not fit goes to disk as before, so the
 * memory downloads hold stays bounded by the threshold per download plus this budget.
 */
public final class MemoryBudget {

  /** A budget that never has room: every body above the threshold goes to disk. */
  public static final MemoryBudget NONE = new MemoryBudget(0);

  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  public MemoryBudget(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("a memory budget cannot be negative: " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * The budget configured, but at most a quarter of the heap this JVM may grow to, so that a small
   * heap ({@code -Xmx128m}) is never mostly download buffers.
   */
  public static MemoryBudget ofHeap(long configured) {
    return new MemoryBudget(Math.min(configured, Runtime.getRuntime().maxMemory() / 4));
  }

  /** Reserves {@code bytes}; the lease that gives them back, or null when they do not fit. */
  Runnable tryReserve(long bytes) {
    long now;
    do {
      now = used.get();
      if (now + bytes > capacity) {
        return null;
      }
    } while (!used.compareAndSet(now, now + bytes));
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        used.addAndGet(-bytes);
      }
    };
  }

  public long capacity() {
    return capacity;
  }

  /** Bytes reserved now. */
  public long used() {
    return used.get();
  }
}
