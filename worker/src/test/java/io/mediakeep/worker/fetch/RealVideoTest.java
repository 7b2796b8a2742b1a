package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Videos from a real encoder (ffmpeg's defaults, see src/test/resources/media/README.md): stored
 * with the duration and size the container holds; and lies told with their bytes refused.
 */
class RealVideoTest {

  private static byte[] fixture(String name) {
    return VideoFixtures.fixture(name);
  }

  private static byte[] box(String type, byte[] body) {
    return VideoFixtures.box(type, body);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return VideoFixtures.concat(a, b);
  }

  @TempDir Path spool;

  @ParameterizedTest
  @CsvSource({
    "clip.mp4,           MP4,  320, 240, 2000",
    "clip-faststart.mp4, MP4,  320, 240, 2000",
    "audio.mp4,          MP4,  320, 240, 1500",
    "vp9.webm,           WEBM, 256, 144, 3000",
    "vp8-opus.webm,      WEBM, 160,  90, 2541"
  })
  void realFilesAreReadWithTheirSizeAndDuration(
      String file, MediaFormat format, int width, int height, long durationMs) throws IOException {
    byte[] bytes = fixture(file);

    try (FetchedMedia media = read(Downloads.limits(spool), bytes)) {
      assertThat(media.format()).isEqualTo(format);
      assertThat(media.sizeBytes()).isEqualTo(bytes.length);
      assertThat(media.width()).isEqualTo(width);
      assertThat(media.height()).isEqualTo(height);
      assertThat(media.durationMs()).isBetween(durationMs - 50, durationMs + 50);
    }
  }

  @Test
  void quickTimeAndMatroskaAreNotMp4AndWebm() {
    assertThat(refused(RejectReason.UNSUPPORTED_MEDIA, fixture("clip.mov")).getMessage())
        .contains("video/quicktime");
    assertThat(refused(RejectReason.UNSUPPORTED_MEDIA, fixture("clip.mkv")).getMessage())
        .contains("video/x-matroska");
  }

  @Test
  void anMp4HeaderOnOtherBytesIsRefused() {
    byte[] real = fixture("clip-faststart.mp4");
    byte[] ftypThenNoise = Arrays.copyOf(real, 4096);
    byte[] noise = new byte[4096 - 32];
    new Random(1).nextBytes(noise);
    System.arraycopy(noise, 0, ftypThenNoise, 32, noise.length);
    byte[] ftypAndMdatOnly = concat(Arrays.copyOf(real, 32), box("mdat", noise));

    assertThat(refused(RejectReason.UNSUPPORTED_MEDIA, ftypThenNoise).getMessage())
        .contains("MP4 box");
    assertThat(refused(RejectReason.UNSUPPORTED_MEDIA, ftypAndMdatOnly).getMessage())
        .contains("no moov box");
  }

  @Test
  void aWebmCutShortOrWithBytesAfterItIsRefused() {
    byte[] real = fixture("vp9.webm");

    assertThat(
            refused(RejectReason.UNSUPPORTED_MEDIA, Arrays.copyOf(real, real.length - 500))
                .getMessage())
        .contains("more than its container holds");
    assertThat(
            refused(RejectReason.UNSUPPORTED_MEDIA, concat(real, "<html>".getBytes())).getMessage())
        .contains("bytes after the end");
  }

  @Test
  void aVideoLongerThanTheDurationCapIsRefused() {
    FetchLimits oneSecond = withDurationCap(Duration.ofSeconds(1));

    for (String file : new String[] {"clip.mp4", "vp9.webm"}) {
      var rejection =
          rejected(RejectReason.DIMENSIONS_EXCEEDED, () -> read(oneSecond, fixture(file)).close());
      assertThat(rejection.getMessage()).contains("exceeds the cap of PT1S");
    }
  }

  @Test
  void aVideoFrameLargerThanThePixelCapIsRefused() {
    FetchLimits tiny = limits(10_000, Duration.ofHours(2));

    for (String file : new String[] {"clip.mp4", "vp8-opus.webm"}) {
      rejected(RejectReason.DIMENSIONS_EXCEEDED, () -> read(tiny, fixture(file)).close());
    }
  }

  @Test
  void aLargeMp4WithATrailingFreeBoxIsStillTheSameVideo() throws IOException {
    byte[] padded = concat(fixture("clip.mp4"), box("free", new byte[3 * 1024 * 1024]));

    try (FetchedMedia media = read(Downloads.limits(spool), padded)) {
      assertThat(media.format()).isEqualTo(MediaFormat.MP4);
      assertThat(media.durationMs()).isBetween(1950L, 2050L);
    }
  }

  private FetchLimits withDurationCap(Duration cap) {
    return limits(Downloads.limits(spool).maxPixels(), cap);
  }

  /** The test defaults with another pixel cap and duration cap. */
  private FetchLimits limits(long maxPixels, Duration maxDuration) {
    FetchLimits l = Downloads.limits(spool);
    return new FetchLimits(
        l.connectTimeout(),
        l.idleTimeout(),
        l.totalTimeout(),
        l.maxRedirects(),
        l.maxImageBytes(),
        l.maxVideoBytes(),
        maxPixels,
        l.maxFrames(),
        maxDuration,
        l.inMemoryBytes(),
        l.spoolDir(),
        l.minRateBytes(),
        l.rateWindow());
  }

  private static FetchedMedia read(FetchLimits limits, byte[] bytes) throws IOException {
    return Downloads.download(limits)
        .read(new ByteArrayInputStream(bytes), bytes.length, "video/mp4", MediaKind.VIDEO);
  }

  private io.mediakeep.worker.core.MediaRejectedException refused(
      RejectReason reason, byte[] bytes) {
    return rejected(reason, () -> read(Downloads.limits(spool), bytes).close());
  }
}
