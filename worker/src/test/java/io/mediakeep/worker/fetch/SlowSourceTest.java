package io.mediakeep.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.SourceTooSlowException;
import io.mediakeep.worker.local.SampleImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that sends a byte now and then never trips the idle timeout; the transfer-rate floor
 * ends it after one window instead of at the total deadline.
 */
class SlowSourceTest {

  private static final byte[] PNG = SampleImages.png(61);

  @TempDir Path spool;
  private ScriptedServer server;
  private HttpSourceFetcher fetcher;

  @BeforeEach
  void setUp() throws IOException {
    server = new ScriptedServer();
    FetchLimits limits =
        Downloads.limits(spool, 512 * 1024, Duration.ofSeconds(60), 3)
            .withMinimumRate(1_000, Duration.ofMillis(500));
    fetcher = Downloads.http(limits, FakeResolver.loopback(), server.authority());
  }

  @AfterEach
  void tearDown() throws IOException {
    fetcher.close();
    server.close();
  }

  /** The whole PNG, {@code chunk} bytes every {@code pauseMillis}. */
  private static HttpHandler paced(int chunk, long pauseMillis) {
    return exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, PNG.length);
      OutputStream out = exchange.getResponseBody();
      try {
        for (int i = 0; i < PNG.length; i += chunk) {
          out.write(PNG, i, Math.min(chunk, PNG.length - i));
          out.flush();
          Thread.sleep(pauseMillis);
        }
        out.close();
      } catch (IOException | InterruptedException clientHungUp) {
        // the fetcher cut the body, as it should
      }
    };
  }

  @Test
  void aDripSourceIsCutAfterOneWindowNotAtTheTotalDeadline() {
    server.on("/drip.png", paced(1, 100));

    long start = System.nanoTime();
    assertThatThrownBy(() -> fetcher.fetch(server.url("/drip.png"), MediaKind.IMAGE))
        .isInstanceOf(SourceTooSlowException.class)
        .hasMessageContaining("under the minimum of 1000 bytes per 500 ms");

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("well before the 60 s total deadline")
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aSourceAboveTheFloorIsReadWhole() throws IOException {
    server.on("/steady.png", paced(4096, 20));

    try (FetchedMedia media = fetcher.fetch(server.url("/steady.png"), MediaKind.IMAGE)) {
      assertThat(media.sizeBytes()).isEqualTo(PNG.length);
    }
  }
}
