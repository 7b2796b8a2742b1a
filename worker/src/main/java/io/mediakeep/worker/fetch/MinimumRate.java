package io.mediakeep.worker.fetch;

import io.mediakeep.worker.core.SourceTooSlowException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Cuts a body that arrives slower than {@code minBytes} per {@code window}. The idle timeout ends a
 * source that stops sending; this ends one that sends a byte now and then to stay under it, and
 * would otherwise hold its in-flight slot until the total deadline. Each window is judged when a
 * read returns after it closed, so a body that ends early is never cut.
 */
final class MinimumRate extends FilterInputStream {

  private final long minBytes;
  private final long windowNanos;
  private final Duration window;
  private final String host;
  private long windowStart = System.nanoTime();
  private long windowBytes;

  MinimumRate(InputStream in, long minBytes, Duration window, String host) {
    super(in);
    this.minBytes = minBytes;
    this.window = window;
    this.windowNanos = window.toNanos();
    this.host = host;
  }

  /** The body as read through the floor, or the body itself when the floor is off. */
  static InputStream wrap(InputStream in, FetchLimits limits, String host) {
    return limits.minRateBytes() <= 0
        ? in
        : new MinimumRate(in, limits.minRateBytes(), limits.rateWindow(), host);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    counted(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    counted(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    counted((int) Math.min(skipped, Integer.MAX_VALUE));
    return skipped;
  }

  private void counted(int n) throws SourceTooSlowException {
    if (n < 0) {
      return; // the body ended: nothing left to judge
    }
    windowBytes += n;
    long now = System.nanoTime();
    if (now - windowStart < windowNanos) {
      return;
    }
    if (windowBytes < minBytes) {
      throw new SourceTooSlowException(
          host
              + " sent "
              + windowBytes
              + " bytes in "
              + Duration.ofNanos(now - windowStart).toMillis()
              + " ms, under the minimum of "
              + minBytes
              + " bytes per "
              + window.toMillis()
              + " ms");
    }
    windowStart = now;
    windowBytes = 0;
  }
}
