package io.mediakeep.worker.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Caps how many events of one source host are processed at once, so a slow or hostile provider
 * holds at most its share of the in-flight budget. An event beyond the share waits for a place,
 * counted as {@link Waiting} (it holds no slot), and is woken in arrival order as places free up.
 * Hosts come from untrusted events, so a host is forgotten as soon as nothing of it is in flight or
 * waiting.
 */
public final class HostShares {

  private static final long RECHECK_MILLIS = 200;

  private static final class Host {
    final Condition free;
    int inside;
    int queued;

    Host(Condition free) {
      this.free = free;
    }
  }

  private final int perHost;
  private final Waiting waiting;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Host> hosts = new HashMap<>();

  public HostShares(int perHost, Waiting waiting) {
    if (perHost < 1) {
      throw new IllegalArgumentException("the per-host share must be at least 1");
    }
    this.perHost = perHost;
    this.waiting = waiting;
  }

  /**
   * Takes a place in {@code host}'s share, waiting while it is full; false if the task was
   * cancelled meanwhile (then there is nothing to {@link #leave}). A null host (a {@code data:}
   * URI) has no share and always enters.
   */
  boolean enter(String host, Cancellation cancellation) {
    if (host == null) {
      return true;
    }
    lock.lock();
    try {
      Host h = hosts.computeIfAbsent(host, k -> new Host(lock.newCondition()));
      if (h.inside < perHost && h.queued == 0) {
        h.inside++;
        return true;
      }
      h.queued++;
      waiting.enter();
      boolean entered = false;
      try {
        while (h.inside >= perHost) {
          if (cancellation.cancelled()) {
            return false;
          }
          h.free.await(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
        h.inside++;
        entered = true;
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        h.queued--;
        waiting.leave();
        if (!entered && h.inside < perHost) {
          h.free.signal(); // a place this waiter was woken for goes to the next one
        }
        forgetIfIdle(host, h);
      }
    } finally {
      lock.unlock();
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
      h.free.signal();
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
    if (h.inside == 0 && h.queued == 0) {
      hosts.remove(host);
    }
  }
}
