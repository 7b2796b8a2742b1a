package io.mediakeep.worker.kafka;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Caps how many events of one source host are processed at once, so a slow or hostile provider
 * holds at most its share of the in-flight budget. An event beyond the share waits for a place,
 * counted as {@link Waiting} (it holds no slot). When a place frees up it goes to the waiter whose
 * source URL expires first ({@code expiresAt}; an event that does not say comes after those that
 * do), and among equals to the one that came first: this queue is the one place where the worker
 * chooses which received event starts next (events of one scene keep their order, and a partition's
 * records start as they arrive). Hosts come from untrusted events, so a host is forgotten as soon
 * as nothing of it is in flight or waiting.
 */
public final class HostShares {

  private static final long RECHECK_MILLIS = 200;

  /** Nearest expiry first; no expiry last; then arrival. */
  private static final Comparator<Waiter> NEAREST_EXPIRY_FIRST =
      Comparator.comparing(
              (Waiter w) -> w.expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparingLong(w -> w.arrival);

  private record Waiter(Instant expiresAt, long arrival, Condition turn) {}

  private static final class Host {
    final PriorityQueue<Waiter> queue = new PriorityQueue<>(NEAREST_EXPIRY_FIRST);
    int inside;
  }

  private final int perHost;
  private final Waiting waiting;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Host> hosts = new HashMap<>();
  private long arrivals;

  public HostShares(int perHost, Waiting waiting) {
    if (perHost < 1) {
      throw new IllegalArgumentException("the per-host share must be at least 1");
    }
    this.perHost = perHost;
    this.waiting = waiting;
  }

  /**
   * {@link #enter(String, Instant, Cancellation)} for an event that does not say when it expires.
   */
  boolean enter(String host, Cancellation cancellation) {
    return enter(host, null, cancellation);
  }

  /**
   * Takes a place in {@code host}'s share, waiting while it is full or earlier-expiring events
   * wait; false if the task was cancelled meanwhile (then there is nothing to {@link #leave}). A
   * null host (a {@code data:} URI) has no share and always enters.
   */
  boolean enter(String host, Instant expiresAt, Cancellation cancellation) {
    if (host == null) {
      return true;
    }
    lock.lock();
    try {
      Host h = hosts.computeIfAbsent(host, k -> new Host());
      if (h.inside < perHost && h.queue.isEmpty()) {
        h.inside++;
        return true;
      }
      Waiter me = new Waiter(expiresAt, arrivals++, lock.newCondition());
      h.queue.add(me);
      waiting.enter();
      boolean entered = false;
      try {
        while (h.inside >= perHost || h.queue.peek() != me) {
          if (cancellation.cancelled()) {
            return false;
          }
          me.turn().await(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
        h.inside++;
        entered = true;
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        h.queue.remove(me);
        waiting.leave();
        wakeNext(h); // a place left over, or the one this waiter gave up, goes to the next
        forgetIfIdle(host, h);
      }
    } finally {
      lock.unlock();
    }
  }

  private void wakeNext(Host h) {
    Waiter next = h.queue.peek();
    if (next != null && h.inside < perHost) {
      next.turn().signal();
    }
  }

  /** Gives back the place {@link #enter} took. */
  void leave(String host) {
    if (host == null) {
      return;
    }
    lock.lock();
    try {
      Host h = hosts.get(host);
      if (h == null) {
        throw new IllegalStateException("leave without enter for " + host);
      }
      h.inside--;
      wakeNext(h);
      forgetIfIdle(host, h);
    } finally {
      lock.unlock();
    }
  }

  /** Events of {@code host} in flight now, for tests and diagnostics. */
  int inside(String host) {
    lock.lock();
    try {
      Host h = hosts.get(host);
      return h == null ? 0 : h.inside;
    } finally {
      lock.unlock();
    }
  }

  /** Hosts remembered now, for tests. */
  int hosts() {
    lock.lock();
    try {
      return hosts.size();
    } finally {
      lock.unlock();
    }
  }

  private void forgetIfIdle(String host, Host h) {
    if (h.inside == 0 && h.queue.isEmpty()) {
      hosts.remove(host);
    }
  }
}
