package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.MIB;
import static io.mediakeep.worker.fetch.Downloads.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpHandler;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.SourceStatusException;
import io.mediakeep.worker.local.SampleImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body the fetcher does not want (past the cap, on an error status, on a redirect) is dropped
 * with its connection, not read to its end: an endless body would otherwise hold the fetch until
 * the total deadline and turn a clear answer into a timeout.
 */
class UnwantedBodyTest {

  private static final Duration TOTAL = Duration.ofSeconds(20);
  private static final Duration PROMPT = Duration.ofSeconds(10);
  private static final long WRITTEN_BOUND = 64 * MIB;
  private static final byte[] PNG_SIGNATURE = CraftedMedia.pngSignature();

  @TempDir Path spool;
  private ScriptedServer server;
  private HttpSourceFetcher fetcher;
  private final AtomicLong written = new AtomicLong();

  @BeforeEach
  void setUp() throws IOException {
    server = new ScriptedServer();
    FetchLimits limits =
        new FetchLimits(
            Duration.ofSeconds(2),
            Duration.ofSeconds(15),
            TOTAL,
            3,
            MIB,
            MIB,
            100_000_000L,
            1000,
            Duration.ofHours(2),
            512 * 1024,
            spool,
            FetchLimits.DEFAULT_MIN_RATE_BYTES,
            FetchLimits.DEFAULT_RATE_WINDOW);
    fetcher = Downloads.http(limits, FakeResolver.loopback(), server.authority());
  }

  @AfterEach
  void tearDown() throws IOException {
    fetcher.close();
    server.close();
  }

  /** A chunked body that starts like a PNG and never ends, counting what it manages to write. */
  private HttpHandler endless(int status, String... headers) {
    return exchange -> {
      for (int i = 0; i < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      exchange.sendResponseHeaders(status, 0);
      OutputStream out = exchange.getResponseBody();
      byte[] block = new byte[64 * 1024];
      System.arraycopy(PNG_SIGNATURE, 0, block, 0, PNG_SIGNATURE.length);
      try {
        while (written.get() < 1024 * 1024 * MIB) {
          out.write(block);
          written.addAndGet(block.length);
          Arrays.fill(block, 0, PNG_SIGNATURE.length, (byte) 0);
        }
      } catch (IOException clientHungUp) {
        // the fetcher dropped the connection, as it should
      }
    };
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void endlessBodyIsTooLargeAtOnce() {
    server.on("/endless.png", endless(200, "Content-Type", "image/png"));

    long start = System.nanoTime();
    rejected(
        RejectReason.TOO_LARGE, () -> fetcher.fetch(server.url("/endless.png"), MediaKind.IMAGE));

    assertThat(since(start)).isLessThan(PROMPT);
    assertThat(written.get()).isLessThan(WRITTEN_BOUND);
  }

  @Test
  void errorStatusWithAnEndlessBodyIsReportedAtOnce() {
    server.on("/gone.png", endless(404));

    long start = System.nanoTime();
    SourceStatusException e =
        catchThrowableOfType(
            SourceStatusException.class,
            () -> fetcher.fetch(server.url("/gone.png"), MediaKind.IMAGE));

    assertThat(e.status()).isEqualTo(404);
    assertThat(since(start)).isLessThan(PROMPT);
    assertThat(written.get()).isLessThan(WRITTEN_BOUND);
  }

  @Test
  void redirectWithAnEndlessBodyIsFollowedAtOnce() throws IOException {
    byte[] png = SampleImages.png(51);
    server.on("/r", endless(302, "Location", "/a.png"));
    server.respond("/a.png", 200, png);

    long start = System.nanoTime();
    try (FetchedMedia media = fetcher.fetch(server.url("/r"), MediaKind.IMAGE)) {
      assertThat(media.sizeBytes()).isEqualTo(png.length);
    }
    assertThat(since(start)).isLessThan(PROMPT);
  }

  @Test
  void fetcherStillWorksAfterDroppingConnections() throws IOException {
    byte[] png = SampleImages.png(52);
    server.on("/gone.png", endless(404));
    server.respond("/a.png", 200, png);

    for (int i = 0; i < 3; i++) {
      catchThrowableOfType(
          SourceStatusException.class,
          () -> fetcher.fetch(server.url("/gone.png"), MediaKind.IMAGE));
      try (FetchedMedia media = fetcher.fetch(server.url("/a.png"), MediaKind.IMAGE)) {
        assertThat(media.sizeBytes()).isEqualTo(png.length);
      }
    }
  }
}
