package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.MIB;
import static io.mediakeep.worker.fetch.Downloads.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaRejectedException;
import io.mediakeep.worker.local.SampleImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size and pixel caps, enforced while streaming, and the declared length. */
class DownloadLimitsTest {

  private static final long GIB = 1024 * MIB;
  private static final int BUFFER = 64 * 1024;
  private static final byte[] PNG_SIGNATURE = CraftedMedia.pngSignature();

  @TempDir Path spool;
  private StreamingDownload download;

  @BeforeEach
  void setUp() {
    download = Downloads.download(Downloads.limits(spool));
  }

  @Test
  void gigabyteStreamAgainstTheImageCapStopsReadingJustPastTheCap() {
    TestStreams.Counting source =
        new TestStreams.Counting(new TestStreams.Lazy(PNG_SIGNATURE, GIB));

    MediaRejectedException e =
        rejected(
            RejectReason.TOO_LARGE, () -> download.read(source, -1, "image/png", MediaKind.IMAGE));

    long cap = 10 * MIB;
    assertThat(e).hasMessageContaining(Long.toString(cap));
    assertThat(source.count()).isGreaterThan(cap).isLessThanOrEqualTo(cap + BUFFER + BUFFER);
    assertThat(spool).as("the partial spool file is deleted").isEmptyDirectory();
  }

  @Test
  void declaredLengthOverTheCapIsRefusedBeforeReadingAByte() {
    TestStreams.Counting source =
        new TestStreams.Counting(new TestStreams.Lazy(PNG_SIGNATURE, GIB));

    rejected(RejectReason.TOO_LARGE, () -> download.read(source, GIB, null, MediaKind.IMAGE));

    assertThat(source.count()).isZero();
  }

  @Test
  void declaredLengthOneByteOverTheCapIsRefused() {
    TestStreams.Counting source =
        new TestStreams.Counting(new ByteArrayInputStream(SampleImages.png(5)));

    rejected(
        RejectReason.TOO_LARGE, () -> download.read(source, 10 * MIB + 1, null, MediaKind.IMAGE));
    assertThat(source.count()).isZero();
  }

  @Test
  void bodyExactlyAtTheCapIsNotTooLarge() throws IOException {
    int cap = 200 * 1024;
    StreamingDownload capped =
        Downloads.download(
            new FetchLimits(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                0,
                cap,
                1,
                100_000_000L,
                1000,
                Duration.ofHours(2),
                512 * 1024,
                spool,
                FetchLimits.DEFAULT_MIN_RATE_BYTES,
                FetchLimits.DEFAULT_RATE_WINDOW));
    byte[] atCap = pngOfSize(cap);
    byte[] overCap = pngOfSize(cap + 1);

    try (FetchedMedia media =
        capped.read(new ByteArrayInputStream(atCap), -1, null, MediaKind.IMAGE)) {
      assertThat(media.sizeBytes()).isEqualTo(cap);
    }
    rejected(
        RejectReason.TOO_LARGE,
        () -> capped.read(new ByteArrayInputStream(overCap), -1, null, MediaKind.IMAGE));
  }

  @Test
  void bodyShorterThanDeclaredIsAnIoFailureNotARejection() {
    byte[] png = SampleImages.png(6);

    Throwable thrown =
        catchThrowable(
            () ->
                download.read(
                    new ByteArrayInputStream(png), png.length + 100, null, MediaKind.IMAGE));

    assertThat(thrown)
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(MediaRejectedException.class)
        .hasMessageContaining(png.length + " of " + (png.length + 100));
  }

  @Test
  void bodyLongerThanDeclaredIsAnIoFailureToo() {
    byte[] png = SampleImages.png(7);

    Throwable thrown =
        catchThrowable(
            () ->
                download.read(
                    new ByteArrayInputStream(png), png.length - 1, null, MediaKind.IMAGE));

    assertThat(thrown)
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(MediaRejectedException.class);
  }

  @Test
  void pngClaimingTenBillionPixelsIsRefusedFromItsHeader() {
    byte[] huge = CraftedMedia.pngHeader(100_000, 100_000, 0);

    assertThat(
            rejected(
                RejectReason.DIMENSIONS_EXCEEDED,
                () ->
                    download.read(
                        new ByteArrayInputStream(huge), huge.length, null, MediaKind.IMAGE)))
        .hasMessageContaining("100000x100000");
  }

  @Test
  void pixelCapIsInclusive() throws IOException {
    byte[] atCap = CraftedMedia.pngHeader(10_000, 10_000, 0);
    byte[] overCap = CraftedMedia.pngHeader(10_001, 10_000, 0);

    try (FetchedMedia media =
        download.read(new ByteArrayInputStream(atCap), atCap.length, null, MediaKind.IMAGE)) {
      assertThat(media.width()).isEqualTo(10_000);
    }
    rejected(
        RejectReason.DIMENSIONS_EXCEEDED,
        () ->
            download.read(
                new ByteArrayInputStream(overCap), overCap.length, null, MediaKind.IMAGE));
  }

  @Test
  void webpCanvasOverThePixelCapIsRefused() {
    byte[] webp = CraftedMedia.webpExtended(16_384, 16_384);

    rejected(
        RejectReason.DIMENSIONS_EXCEEDED,
        () -> download.read(new ByteArrayInputStream(webp), webp.length, null, MediaKind.IMAGE));
  }

  @Test
  void zeroWidthIsUnsupported() {
    byte[] png = CraftedMedia.pngHeader(0, 10, 0);

    rejected(
        RejectReason.UNSUPPORTED_MEDIA,
        () -> download.read(new ByteArrayInputStream(png), png.length, null, MediaKind.IMAGE));
  }

  /** A 10x10 PNG header padded with a private chunk to exactly {@code size} bytes. */
  private static byte[] pngOfSize(int size) {
    byte[] png =
        CraftedMedia.pngHeader(10, 10, size - CraftedMedia.pngHeader(10, 10, 0).length - 12);
    assertThat(png).hasSize(size);
    return png;
  }
}
