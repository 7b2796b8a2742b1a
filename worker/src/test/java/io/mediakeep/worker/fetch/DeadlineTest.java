package io.mediakeep.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.worker.core.MediaRejectedException;
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
 * The total deadline bounds a whole fetch, whatever the source does to stay under the idle timeout.
 * Timings are measured loosely: the assertions are about minutes saved, not milliseconds.
 */
class DeadlineTest {

  private static final Duration TOTAL = Duration.ofSeconds(1);
  private static final Duration PROMPT = Duration.ofSeconds(10);

  @TempDir Path spool;
  private ScriptedServer server;
  private HttpSourceFetcher fetcher;

  @BeforeEach
  void setUp() throws IOException {
    server = new ScriptedServer();
    fetcher =
        Downloads.http(
            Downloads.limits(spool, 512 * 1024, TOTAL, 5),
            FakeResolver.loopback(),
            server.authority());
  }

  @AfterEach
  void tearDown() throws IOException {
    fetcher.close();
    server.close();
  }

  @Test
  void dripFedBodyIsCutAtTheTotalDeadline() {
    byte[] png = SampleImages.png(41);
    server.on(
        "/drip.png",
        exchange -> {
          exchange.sendResponseHeaders(200, png.length);
          OutputStream out = exchange.getResponseBody();
          for (int i = 0; i < png.length && i < 100; i++) {
            out.write(png[i]);
            out.flush();
            sleep(200);
          }
        });

    long start = System.nanoTime();
    Throwable thrown =
        catchThrowable(() -> fetcher.fetch(server.url("/drip.png"), MediaKind.IMAGE));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(thrown)
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(MediaRejectedException.class)
        .hasMessageContaining("total deadline")
        .hasMessageContaining("127.0.0.1");
    assertThat(took).isGreaterThanOrEqualTo(TOTAL.minusMillis(50)).isLessThan(PROMPT);
  }

  @Test
  void slowResponseHeadersAreCutAtTheTotalDeadline() {
    server.on(
        "/late.png",
        exchange -> {
          sleep(5_000);
          exchange.sendResponseHeaders(204, -1);
        });

    long start = System.nanoTime();
    Throwable thrown =
        catchThrowable(() -> fetcher.fetch(server.url("/late.png"), MediaKind.IMAGE));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("total deadline");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
  }

  @Test
  void deadlineCoversTheWholeRedirectChainNotEachHop() {
    byte[] png = SampleImages.png(42);
    for (int i = 0; i < 3; i++) {
      String next = "/hop" + (i + 1);
      server.on(
          "/hop" + i,
          exchange -> {
            sleep(500);
            exchange.getResponseHeaders().add("Location", next);
            exchange.sendResponseHeaders(302, -1);
          });
    }
    server.respond("/hop3", 200, png);

    Throwable thrown = catchThrowable(() -> fetcher.fetch(server.url("/hop0"), MediaKind.IMAGE));

    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("total deadline");
    assertThat(server.paths()).doesNotContain("/hop3");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
