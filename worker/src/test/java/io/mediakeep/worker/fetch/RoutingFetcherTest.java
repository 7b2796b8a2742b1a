package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static io.mediakeep.worker.fetch.Downloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.local.SampleImages;
import io.mediakeep.worker.local.SourceServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingFetcherTest {

  @TempDir Path spool;
  private SourceServer source;
  private HttpSourceFetcher http;
  private RoutingFetcher fetcher;

  @BeforeEach
  void setUp() throws IOException {
    source = new SourceServer();
    FetchLimits limits = Downloads.limits(spool);
    http = Downloads.http(limits, FakeResolver.loopback(), source.allowEntry());
    fetcher = new RoutingFetcher(http, new DataUriFetcher(Downloads.download(limits)));
  }

  @AfterEach
  void tearDown() throws IOException {
    http.close();
    source.close();
  }

  @Test
  void dataUriIsDecodedWithoutAnyRequest() throws IOException {
    byte[] png = SampleImages.png(61);

    try (FetchedMedia media =
        fetcher.fetch(
            "DATA:image/png;base64," + Base64.getEncoder().encodeToString(png),
            MediaKind.IMAGE,
            null)) {
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
    }
    assertThat(source.requests()).isZero();
  }

  @Test
  void httpUrlGoesThroughTheGuardedClient() throws IOException {
    byte[] png = SampleImages.png(62);
    source.serve("/a.png", "image/png", png);

    try (FetchedMedia media = fetcher.fetch(source.url("/a.png"), MediaKind.IMAGE, null)) {
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
    }
    assertThat(source.requests()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://example.test/a.png", "file:///etc/passwd", "javascript:alert(1)", "", "a"})
  void otherSchemesAreBlocked(String url) {
    rejected(RejectReason.BLOCKED_URL, () -> fetcher.fetch(url, MediaKind.IMAGE, null));
  }
}
