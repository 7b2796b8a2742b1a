package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static io.mediakeep.worker.fetch.Downloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaContent;
import io.mediakeep.worker.core.MediaFormat;
import io.mediakeep.worker.local.SampleImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a download decides about a body: format, hash, size and dimensions. */
class StreamingDownloadTest {

  @TempDir Path spool;
  private StreamingDownload download;

  @BeforeEach
  void setUp() {
    download = Downloads.download(Downloads.limits(spool));
  }

  private FetchedMedia read(byte[] body, String declaredType, MediaKind kind) throws IOException {
    return download.read(new ByteArrayInputStream(body), body.length, declaredType, kind);
  }

  private static byte[] bytesOf(FetchedMedia media) throws IOException {
    try (InputStream in = media.content().open()) {
      return in.readAllBytes();
    }
  }

  @Test
  void pngIsAcceptedWithItsHashSizeAndDimensions() throws IOException {
    byte[] png = SampleImages.png(1);

    try (FetchedMedia media = read(png, "image/png", MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.PNG);
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
      assertThat(media.sizeBytes()).isEqualTo(png.length);
      assertThat(media.width()).isEqualTo(320);
      assertThat(media.height()).isEqualTo(180);
      assertThat(media.durationMs()).isNull();
      assertThat(media.content()).isInstanceOf(MediaContent.InMemory.class);
      assertThat(bytesOf(media)).isEqualTo(png);
    }
  }

  @Test
  void jpegIsDetectedWhateverTheDeclaredType() throws IOException {
    byte[] jpeg = SampleImages.image(2, 64, 48, "jpg");

    try (FetchedMedia media = read(jpeg, "application/octet-stream", MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.JPEG);
      assertThat(media.sha256Hex()).isEqualTo(sha256(jpeg));
      assertThat(media.sizeBytes()).isEqualTo(jpeg.length);
      assertThat(media.width()).isEqualTo(64);
      assertThat(media.height()).isEqualTo(48);
    }
  }

  @Test
  void lengthUnknownInAdvanceIsCountedWhileStreaming() throws IOException {
    byte[] png = SampleImages.png(3);

    try (FetchedMedia media =
        download.read(new ByteArrayInputStream(png), -1, null, MediaKind.IMAGE)) {
      assertThat(media.sizeBytes()).isEqualTo(png.length);
      assertThat(media.sha256Hex()).isEqualTo(sha256(png));
    }
  }

  @Test
  void gifIsDetectedWithItsDimensions() throws IOException {
    byte[] gif = CraftedMedia.gif1x1();

    try (FetchedMedia media = read(gif, "image/gif", MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.GIF);
      assertThat(media.width()).isEqualTo(1);
      assertThat(media.height()).isEqualTo(1);
      assertThat(media.sha256Hex()).isEqualTo(sha256(gif));
    }
  }

  @Test
  void losslessWebpIsDetectedWithItsDimensions() throws IOException {
    try (FetchedMedia media = read(CraftedMedia.webpLossless(300, 200), null, MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.WEBP);
      assertThat(media.width()).isEqualTo(300);
      assertThat(media.height()).isEqualTo(200);
    }
  }

  @Test
  void extendedWebpIsDetectedWithItsCanvasSize() throws IOException {
    try (FetchedMedia media = read(CraftedMedia.webpExtended(1024, 768), null, MediaKind.IMAGE)) {
      assertThat(media.format()).isEqualTo(MediaFormat.WEBP);
      assertThat(media.width()).isEqualTo(1024);
      assertThat(media.height()).isEqualTo(768);
    }
  }

  @Test
  void htmlServedAsPngIsUnsupportedAndTheDeclaredTypeIsQuoted() {
    byte[] html =
        "<!DOCTYPE html><html><head><title>Expired</title></head><body>gone</body></html>"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(
            rejected(
                RejectReason.UNSUPPORTED_MEDIA, () -> read(html, "image/png", MediaKind.IMAGE)))
        .hasMessageContaining("text/html")
        .hasMessageContaining("declared image/png");
  }

  @Test
  void pngOnAVideoEventIsUnsupported() {
    assertThat(
            rejected(
                RejectReason.UNSUPPORTED_MEDIA,
                () -> read(SampleImages.png(4), "video/mp4", MediaKind.VIDEO)))
        .hasMessageContaining("video")
        .hasMessageContaining("image/png");
  }

  @Test
  void emptyBodyIsUnsupported() {
    rejected(RejectReason.UNSUPPORTED_MEDIA, () -> read(new byte[0], "image/png", MediaKind.IMAGE));
  }

  @Test
  void jpegCutBeforeItsFrameHeaderIsUnsupported() {
    byte[] jpegStart = Arrays.copyOf(SampleImages.image(8, 50, 50, "jpg"), 30);

    assertThat(
            rejected(RejectReason.UNSUPPORTED_MEDIA, () -> read(jpegStart, null, MediaKind.IMAGE)))
        .hasMessageContaining("past the end");
  }

  /** The whole body arrived; a file that ends inside its own header is the file's fault. */
  @Test
  void pngCutOffInItsHeaderIsUnsupported() {
    byte[] signatureOnly = CraftedMedia.pngSignature();

    rejected(RejectReason.UNSUPPORTED_MEDIA, () -> read(signatureOnly, null, MediaKind.IMAGE));
    assertThat(spool).isEmptyDirectory();
  }
}
