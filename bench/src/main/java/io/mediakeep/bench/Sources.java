package io.mediakeep.bench;

import java.time.Duration;

/**
 * How the image source answers a run: after {@code latency} and at {@code bytesPerSecond} per
 * connection (0: as fast as loopback goes), with every {@code slowEvery}-th source (0: none)
 * answering after {@code slowDelay} instead.
 */
record Sources(int slowEvery, Duration slowDelay, Duration latency, long bytesPerSecond) {

  /** Loopback as it is: no wait, no rate limit. */
  static final Sources LOOPBACK = new Sources(0, Duration.ZERO, Duration.ZERO, 0);

  /** 1 source in 100 answers after 20 s, past the worker's 15 s idle deadline. */
  static final Sources ONE_IN_100_SLOW = new Sources(100, Duration.ofSeconds(20), Duration.ZERO, 0);

  /** What a provider's CDN sends per connection, about 20 MB/s. */
  static final long PROVIDER_BYTES_PER_SECOND = 20_000_000;

  /** Every source answers after {@code latency}, then sends at about 20 MB/s. */
  static Sources provider(Duration latency) {
    return new Sources(0, Duration.ZERO, latency, PROVIDER_BYTES_PER_SECOND);
  }

  boolean slow(int i) {
    return slowEvery > 0 && i % slowEvery == slowEvery / 2;
  }
}
