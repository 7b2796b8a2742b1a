package io.mediakeep.worker.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The provider URLs' expiry among the events this worker has received and not finished: how long
 * until the nearest one expires. An event whose source says when it expires ({@code expiresAt})
 * enters when its processing starts and leaves when it ends, stored or not.
 */
public final class ExpiryHeadroom {

  private final Clock clock;
  private final ConcurrentSkipListMap<Instant, Integer> pending = new ConcurrentSkipListMap<>();

  public ExpiryHeadroom(Clock clock) {
    this.clock = clock;
  }

  void enter(Instant expiresAt) {
    pending.merge(expiresAt, 1, Integer::sum);
  }

  void leave(Instant expiresAt) {
    pending.computeIfPresent(expiresAt, (at, n) -> n == 1 ? null : n - 1);
  }

  /** Seconds until the nearest pending expiry (negative once past), or NaN when none is pending. */
  public double seconds() {
    Map.Entry<Instant, Integer> nearest = pending.firstEntry();
    return nearest == null
        ? Double.NaN
        : Duration.between(clock.instant(), nearest.getKey()).toMillis() / 1000.0;
  }

  /** Seconds from now until {@code expiresAt}. */
  double secondsUntil(Instant expiresAt) {
    return Duration.between(clock.instant(), expiresAt).toMillis() / 1000.0;
  }
}
