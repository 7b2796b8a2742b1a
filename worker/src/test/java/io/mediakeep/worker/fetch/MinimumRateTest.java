package io.mediakeep.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.worker.core.SourceTooSlowException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The transfer-rate floor over bodies that arrive at a known pace. */
class MinimumRateTest {

  /** Gives {@code total} bytes, {@code chunk} at a time, {@code pauseMillis} apart. */
  private static InputStream paced(int total, int chunk, long pauseMillis) {
    return new InputStream() {
      int left = total;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
          return -1;
        }
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        int n = Math.min(Math.min(len, chunk), left);
        left -= n;
        return n;
      }
    };
  }

  @Test
  void aDripUnderTheFloorIsCutAfterOneWindow() {
    InputStream drip =
        new MinimumRate(paced(10_000, 1, 20), 100, Duration.ofMillis(300), "drip.example");
    long start = System.nanoTime();

    assertThatThrownBy(() -> drip.readAllBytes())
        .isInstanceOf(SourceTooSlowException.class)
        .hasMessageContaining("drip.example sent")
        .hasMessageContaining("under the minimum of 100 bytes per 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("cut at the first window, not at the end of the body")
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aBodyAboveTheFloorIsReadWhole() throws IOException {
    InputStream steady =
        new MinimumRate(paced(4_000, 100, 10), 100, Duration.ofMillis(100), "cdn.example");

    assertThat(steady.readAllBytes()).hasSize(4_000);
  }

  @Test
  void aSmallBodyThatEndsWithinTheFirstWindowIsNeverJudged() throws IOException {
    InputStream small =
        new MinimumRate(
            new ByteArrayInputStream(new byte[10]), 1_000_000, Duration.ofSeconds(10), "x");

    assertThat(small.readAllBytes()).hasSize(10);
  }

  @Test
  void aFloorOfZeroLeavesTheBodyAlone() {
    InputStream body = new ByteArrayInputStream(new byte[1]);
    FetchLimits off = Downloads.limits(Path.of("unused")).withMinimumRate(0, Duration.ofSeconds(1));

    assertThat(MinimumRate.wrap(body, off, "x")).isSameAs(body);
  }
}
