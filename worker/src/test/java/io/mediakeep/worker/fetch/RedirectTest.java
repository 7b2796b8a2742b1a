package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static io.mediakeep.worker.fetch.Downloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaRejectedException;
import io.mediakeep.worker.core.SourceStatusException;
import io.mediakeep.worker.local.SampleImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redirects are followed by hand, each hop checked again and the chain capped. The sink is a
 * loopback port standing for an internal service; every refusal must leave it untouched.
 */
class RedirectTest {

  private static final int MAX_REDIRECTS = 3;
  private static final byte[] PNG = SampleImages.png(31);

  @TempDir Path spool;
  private ScriptedServer server;
  private LoopbackSink sink;
  private FakeResolver dns;
  private HttpSourceFetcher fetcher;

  @BeforeEach
  void setUp() throws IOException {
    server = new ScriptedServer();
    server.respond("/a.png", 200, PNG, "Content-Type", "image/png");
    sink = new LoopbackSink();
    dns = FakeResolver.loopback();
    fetcher = fetcher(server.authority());
  }

  private HttpSourceFetcher fetcher(String allow) {
    return Downloads.http(
        Downloads.limits(spool, 512 * 1024, Duration.ofSeconds(10), MAX_REDIRECTS), dns, allow);
  }

  @AfterEach
  void tearDown() throws IOException {
    fetcher.close();
    server.close();
    sink.close();
  }

  private String sinkUrl(String host) {
    return "http://" + host + ":" + sink.port() + "/latest/meta-data/";
  }

  @Test
  void chainWithinTheCapIsFollowed() throws IOException {
    server.redirect("/r1", 302, "/r2");
    server.redirect("/r2", 301, server.url("/r3"));
    server.redirect("/r3", 307, "r4/../a.png");

    try (FetchedMedia media = fetcher.fetch(server.url("/r1"), MediaKind.IMAGE)) {
      assertThat(media.sha256Hex()).isEqualTo(sha256(PNG));
    }
    assertThat(server.paths()).containsExactly("/r1", "/r2", "/r3", "/a.png");
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void everyRedirectStatusIsFollowed(int status) throws IOException {
    server.redirect("/r", status, "/a.png");

    try (FetchedMedia media = fetcher.fetch(server.url("/r"), MediaKind.IMAGE)) {
      assertThat(media.sizeBytes()).isEqualTo(PNG.length);
    }
  }

  @Test
  void oneRedirectMoreThanTheCapIsRefusedAndItsTargetNeverAsked() {
    for (int i = 0; i <= MAX_REDIRECTS; i++) {
      server.redirect("/r" + i, 302, "/r" + (i + 1));
    }
    server.respond("/r" + (MAX_REDIRECTS + 1), 200, PNG);

    assertThat(
            rejected(
                RejectReason.BLOCKED_URL, () -> fetcher.fetch(server.url("/r0"), MediaKind.IMAGE)))
        .hasMessageContaining("more than " + MAX_REDIRECTS + " redirects");
    assertThat(server.paths()).containsExactly("/r0", "/r1", "/r2", "/r3");
  }

  @Test
  void redirectLoopEndsAtTheCap() {
    server.redirect("/loop", 302, "/loop");

    rejected(RejectReason.BLOCKED_URL, () -> fetcher.fetch(server.url("/loop"), MediaKind.IMAGE));
    assertThat(server.paths()).hasSize(MAX_REDIRECTS + 1);
  }

  @Test
  void redirectToAnotherLoopbackPortIsRefusedWithoutConnecting() {
    server.redirect("/r", 302, sinkUrl("127.0.0.1"));

    assertThat(
            rejected(
                RejectReason.BLOCKED_URL, () -> fetcher.fetch(server.url("/r"), MediaKind.IMAGE)))
        .hasMessageContaining("port " + sink.port());
    assertThat(sink.accepted()).isZero();
  }

  @Test
  void redirectToANameOfAnInternalAddressIsRefusedWithoutConnecting() {
    dns.answer("metadata.example.test", "127.0.0.1");
    server.redirect("/r", 302, "http://metadata.example.test/latest/meta-data/");

    assertThat(
            rejected(
                RejectReason.BLOCKED_URL, () -> fetcher.fetch(server.url("/r"), MediaKind.IMAGE)))
        .hasMessageContaining("127.0.0.1");
    assertThat(dns.asked()).contains("metadata.example.test");
    assertThat(sink.accepted()).isZero();
  }

  @Test
  void redirectToANameAnsweringIpv4MappedLoopbackIsRefusedWithoutConnecting() {
    dns.answer("rebind.test", Addresses.mappedIpv6("rebind.test", 127, 0, 0, 1));
    server.redirect("/r", 302, sinkUrl("rebind.test"));

    rejected(RejectReason.BLOCKED_URL, () -> fetcher.fetch(server.url("/r"), MediaKind.IMAGE));
    assertThat(sink.accepted()).isZero();
  }

  @Test
  void redirectToTheSameAddressUnderAnotherNameIsRefused() {
    dns.answer("localhost", "127.0.0.1");
    server.redirect("/r", 302, "http://localhost:" + server.port() + "/a.png");

    rejected(RejectReason.BLOCKED_URL, () -> fetcher.fetch(server.url("/r"), MediaKind.IMAGE));
    assertThat(server.paths()).containsExactly("/r");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "http://user@127.0.0.1/",
        "http://[::1]:1/",
        "http://bad host/",
        "http://%zz/",
        "http:///no-host"
      })
  void redirectToAnUnacceptableUrlIsRefused(String location) {
    server.redirect("/r", 302, location);

    rejected(RejectReason.BLOCKED_URL, () -> fetcher.fetch(server.url("/r"), MediaKind.IMAGE));
    assertThat(server.paths()).containsExactly("/r");
  }

  @Test
  void redirectWithoutLocationIsReportedAsItsStatus() {
    server.respond("/r", 302, new byte[0]);

    assertThat(
            catchThrowableOfType(
                    SourceStatusException.class,
                    () -> fetcher.fetch(server.url("/r"), MediaKind.IMAGE))
                .status())
        .isEqualTo(302);
  }

  @Test
  void sinkCountsAConnectionWhenItIsExempt() throws IOException {
    server.redirect("/r", 302, sinkUrl("127.0.0.1"));
    try (HttpSourceFetcher open = fetcher(server.authority() + ",127.0.0.1:" + sink.port())) {

      Throwable thrown = catchThrowable(() -> open.fetch(server.url("/r"), MediaKind.IMAGE));

      assertThat(thrown)
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(MediaRejectedException.class);
    }
    assertThat(sink.accepted()).as("the sink sees connections when they happen").isEqualTo(1);
  }
}
