package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static io.mediakeep.worker.fetch.Downloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaFormat;
import io.mediakeep.worker.core.SourceStatusException;
import io.mediakeep.worker.local.SampleImages;
import io.mediakeep.worker.local.SourceServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status handling and address pinning of the HTTP fetcher, against loopback servers only. */
class HttpSourceFetcherTest {

  @TempDir Path spool;
  private SourceServer source;
  private ScriptedServer scripted;
  private HttpSourceFetcher fetcher;

  @BeforeEach
  void setUp() throws IOException {
    source = new SourceServer();
    scripted = new ScriptedServer();
    fetcher =
        Downloads.http(
            Downloads.limits(spool),
            FakeResolver.loopback(),
            source.allowEntry() + "," + scripted.authority());
  }

  @AfterEach
  void tearDown() throws IOException {
    fetcher.close();
    source.close();
    scripted.close();
  }

  @Test
  void okSourceIsDownloadedAndChecked() throws IOException {
    byte[] png = SampleImages.png(21);
    source.serve("/a.png", "image/png", png);

    try (FetchedMedia media = fetcher.fetch(source.url("/a.png"), MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.PNG);
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
      assertThat(media.sizeBytes()).isEqualTo(png.length);
      assertThat(media.width()).isEqualTo(320);
    }
    assertThat(source.requests()).isEqualTo(1);
  }

  /**
   * Sources close kept-alive connections that sat idle (a CDN after seconds, the JDK's server after
   * 30 s). A worker that then reused one would get no response, try again on the next dead one, and
   * could reject an image that was there all along as RETRIES_EXHAUSTED.
   */
  @Test
  void aConnectionTheSourceClosedWhileIdleIsNotReused() throws Exception {
    byte[] png = SampleImages.png(22);
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        HttpSourceFetcher idle =
            Downloads.http(
                Downloads.limits(spool),
                FakeResolver.loopback(),
                "127.0.0.1:" + server.getLocalPort())) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!server.isClosed()) {
                  try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    readRequestHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(
                        ("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                                + png.length
                                + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(png);
                    out.flush();
                    Thread.sleep(100); // kept alive a moment, then closed by the source
                  } catch (IOException | InterruptedException closed) {
                    // the test is over
                  }
                }
              });
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/a.png";

      try (FetchedMedia first = idle.fetch(url, MediaKind.IMAGE)) {
        assertThat(first.sha256Hex()).isEqualTo(sha256(png));
      }
      Thread.sleep(HttpSourceFetcher.REVALIDATE_AFTER_IDLE.toMillis() + 500);

      try (FetchedMedia second = idle.fetch(url, MediaKind.IMAGE)) {
        assertThat(second.sha256Hex()).isEqualTo(sha256(png));
      }
      assertThat(connections).hasValue(2);
    }
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("request ended early");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Test
  void declaredContentTypeDoesNotDecideTheFormat() throws IOException {
    source.serve("/a", "text/html", SampleImages.image(22, 40, 30, "jpg"));

    try (FetchedMedia media = fetcher.fetch(source.url("/a"), MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.JPEG);
    }
  }

  @Test
  void htmlErrorPageWithStatus200IsUnsupported() {
    source.serve("/a.png", "image/png", "<html><body>expired</body></html>".getBytes());

    rejected(
        RejectReason.UNSUPPORTED_MEDIA, () -> fetcher.fetch(source.url("/a.png"), MediaKind.IMAGE));
  }

  @Test
  void notFoundIsReportedWithItsStatus() {
    source.status("/gone.png", 404);

    SourceStatusException e =
        catchThrowableOfType(
            SourceStatusException.class,
            () -> fetcher.fetch(source.url("/gone.png"), MediaKind.IMAGE));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e).hasMessageContaining("127.0.0.1");
  }

  @Test
  void forbiddenIsReportedWithItsStatus() {
    source.status("/x.png", 403);

    assertThat(
            catchThrowableOfType(
                    SourceStatusException.class,
                    () -> fetcher.fetch(source.url("/x.png"), MediaKind.IMAGE))
                .status())
        .isEqualTo(403);
  }

  @Test
  void retryAfterInSecondsIsPassedOn() {
    scripted.respond("/busy.png", 503, "busy".getBytes(), "Retry-After", "7");

    SourceStatusException e =
        catchThrowableOfType(
            SourceStatusException.class,
            () -> fetcher.fetch(scripted.url("/busy.png"), MediaKind.IMAGE));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsAnHttpDateIsTheTimeLeftUntilIt() {
    String inAMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
    scripted.respond("/slow.png", 429, new byte[0], "Retry-After", inAMinute);

    SourceStatusException e =
        catchThrowableOfType(
            SourceStatusException.class,
            () -> fetcher.fetch(scripted.url("/slow.png"), MediaKind.IMAGE));

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfter().orElseThrow())
        .isBetween(Duration.ofSeconds(45), Duration.ofSeconds(60));
  }

  @Test
  void unreadableRetryAfterIsIgnored() {
    scripted.respond("/busy.png", 503, new byte[0], "Retry-After", "soon");

    assertThat(
            catchThrowableOfType(
                    SourceStatusException.class,
                    () -> fetcher.fetch(scripted.url("/busy.png"), MediaKind.IMAGE))
                .retryAfter())
        .isEmpty();
  }

  @Test
  void loopbackServerThatIsNotExemptIsNeverAsked() throws IOException {
    source.serve("/a.png", "image/png", SampleImages.png(23));
    try (HttpSourceFetcher strict =
        Downloads.http(Downloads.limits(spool), FakeResolver.loopback(), "")) {

      rejected(RejectReason.BLOCKED_URL, () -> strict.fetch(source.url("/a.png"), MediaKind.IMAGE));
    }
    assertThat(source.requests()).isZero();
  }

  @Test
  void schemeThatIsNotAllowedIsNeverAsked() throws IOException {
    source.serve("/a.png", "image/png", SampleImages.png(24));
    FetchAllowList allow = FetchAllowList.parse(source.allowEntry());
    UrlGuard httpsOnly =
        new UrlGuard(
            new SourceRules(Set.of("https"), Set.of(443), HostAllowList.ANY, allow),
            new AddressPolicy(allow.networks()),
            FakeResolver.loopback());
    FetchLimits limits = Downloads.limits(spool);
    try (HttpSourceFetcher strict =
        new HttpSourceFetcher(httpsOnly, limits, Downloads.download(limits))) {

      rejected(RejectReason.BLOCKED_URL, () -> strict.fetch(source.url("/a.png"), MediaKind.IMAGE));
    }
    assertThat(source.requests()).isZero();
  }

  @Test
  void connectionGoesToTheCheckedAddressAndTheNameIsResolvedOnce() throws IOException {
    byte[] png = SampleImages.png(25);
    scripted.respond("/a.png", 200, png, "Content-Type", "image/png");
    FakeResolver dns = new FakeResolver().answer("cdn.test", "127.0.0.1");
    String exempt = "cdn.test:" + scripted.port();

    try (HttpSourceFetcher named = Downloads.http(Downloads.limits(spool), dns, exempt);
        FetchedMedia media = named.fetch("http://" + exempt + "/a.png", MediaKind.IMAGE)) {
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
    }
    assertThat(dns.asked()).containsExactly("cdn.test");
    assertThat(scripted.seen()).containsExactly(new ScriptedServer.Seen("/a.png", exempt));
  }
}
