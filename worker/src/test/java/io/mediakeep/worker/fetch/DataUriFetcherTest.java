package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static io.mediakeep.worker.fetch.Downloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaFormat;
import io.mediakeep.worker.local.SampleImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataUriFetcherTest {

  @TempDir Path spool;
  private DataUriFetcher fetcher;

  @BeforeEach
  void setUp() {
    fetcher = new DataUriFetcher(Downloads.download(Downloads.limits(spool)));
  }

  @Test
  void base64PngIsDecodedAndChecked() throws IOException {
    byte[] png = SampleImages.png(11);
    String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);

    try (FetchedMedia media = fetcher.fetch(uri, MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.PNG);
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
      assertThat(media.sizeBytes()).isEqualTo(png.length);
      assertThat(media.width()).isEqualTo(320);
    }
  }

  @Test
  void base64MarkerIsCaseInsensitiveAndLineBreaksAreIgnored() throws IOException {
    byte[] png = SampleImages.png(12);
    String uri = "data:IMAGE/PNG;BASE64," + Base64.getMimeEncoder().encodeToString(png);
    assertThat(uri).contains("\r\n");

    try (FetchedMedia media = fetcher.fetch(uri, MediaKind.IMAGE)) {
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
    }
  }

  @Test
  void unpaddedBase64IsAccepted() throws IOException {
    byte[] gif = CraftedMedia.gif1x1();
    String uri =
        "data:image/gif;base64," + Base64.getEncoder().withoutPadding().encodeToString(gif);

    try (FetchedMedia media = fetcher.fetch(uri, MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.GIF);
    }
  }

  @Test
  void percentEncodedPayloadIsDecodedByteForByte() throws IOException {
    byte[] png = SampleImages.png(13);

    try (FetchedMedia media =
        fetcher.fetch("data:image/png," + percentEncodeAll(png), MediaKind.IMAGE)) {
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
    }
  }

  @Test
  void literalPlusInAPercentEncodedPayloadIsAPlusNotASpace() throws IOException {
    byte[] png = SampleImages.png(13);
    assertThat(png).contains((byte) '+');

    try (FetchedMedia media =
        fetcher.fetch("data:image/png," + percentEncodeAllBut(png, '+'), MediaKind.IMAGE)) {
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
    }
  }

  @Test
  void payloadWithoutMediaTypeIsSniffed() throws IOException {
    byte[] png = SampleImages.png(14);

    try (FetchedMedia media =
        fetcher.fetch("data:;base64," + Base64.getEncoder().encodeToString(png), MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.PNG);
    }
  }

  @Test
  void uriLongerThanTheLimitIsTooLargeBeforeDecoding() {
    String prefix = "data:image/png;base64,";
    String uri = prefix + "A".repeat(DataUriFetcher.MAX_URI_CHARS - prefix.length() + 1);

    assertThat(rejected(RejectReason.TOO_LARGE, () -> fetcher.fetch(uri, MediaKind.IMAGE)))
        .hasMessageContaining(Integer.toString(DataUriFetcher.MAX_URI_CHARS));
  }

  @Test
  void uriAtTheLimitIsDecoded() {
    String prefix = "data:image/png;base64,";
    String uri = prefix + "A".repeat(DataUriFetcher.MAX_URI_CHARS - prefix.length());

    rejected(RejectReason.UNSUPPORTED_MEDIA, () -> fetcher.fetch(uri, MediaKind.IMAGE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "data:image/png;base64,iVBO-w0K_goA",
        "data:image/png;base64,!!!!",
        "data:image/png;base64,iVBORw0KGgo=AAAA",
        "data:image/png;base64,Q",
        "data:image/png,%zz",
        "data:image/png,%4",
        "data:image/png,%41\u20ac",
        "data:image/png;base64"
      })
  void payloadThatDoesNotDecodeIsAnInvalidEvent(String uri) {
    rejected(RejectReason.INVALID_EVENT, () -> fetcher.fetch(uri, MediaKind.IMAGE));
  }

  @Test
  void declaredTypeIsOnlyQuoted() {
    String uri =
        "data:image/png;base64," + Base64.getEncoder().encodeToString("<html>hi</html>".getBytes());

    assertThat(rejected(RejectReason.UNSUPPORTED_MEDIA, () -> fetcher.fetch(uri, MediaKind.IMAGE)))
        .hasMessageContaining("declared image/png");
  }

  private static String percentEncodeAll(byte[] bytes) {
    return percentEncodeAllBut(bytes, -1);
  }

  private static String percentEncodeAllBut(byte[] bytes, int literal) {
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      if ((b & 0xFF) == literal) {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }
}
