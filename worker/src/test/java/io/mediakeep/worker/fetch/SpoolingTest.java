package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.rejected;
import static io.mediakeep.worker.fetch.Downloads.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaContent;
import io.mediakeep.worker.core.MediaFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small bodies stay in memory; larger ones go to a spool file that closing deletes. */
class SpoolingTest {

  private static final int THRESHOLD = 100 * 1024;

  /** A real 256x256 PNG of noise: about 192 KiB, so past the sniffing head and the threshold. */
  private static final byte[] LARGE_PNG = CraftedMedia.noisyPng(256, 256, 42);

  @TempDir Path spool;

  private StreamingDownload download() {
    return Downloads.download(Downloads.limits(spool, THRESHOLD, Duration.ofSeconds(10), 0));
  }

  @Test
  void bodyOverTheThresholdIsSpooledAndTheFileIsDeletedOnClose() throws IOException {
    assertThat(LARGE_PNG.length).isGreaterThan(THRESHOLD).isGreaterThan(MediaSniffer.HEAD_BYTES);

    FetchedMedia media =
        download()
            .read(new ByteArrayInputStream(LARGE_PNG), LARGE_PNG.length, null, MediaKind.IMAGE);

    assertThat(media.content()).isInstanceOf(MediaContent.Spooled.class);
    Path file = ((MediaContent.Spooled) media.content()).file();
    assertThat(file).hasParent(spool).exists();
    assertThat(Files.size(file)).isEqualTo(LARGE_PNG.length);
    assertThat(media.format()).isEqualTo(MediaFormat.PNG);
    assertThat(media.width()).isEqualTo(256);
    assertThat(media.sha256Hex()).isEqualTo(sha256(LARGE_PNG));
    try (InputStream in = media.content().open()) {
      assertThat(in.readAllBytes()).isEqualTo(LARGE_PNG);
    }

    media.close();

    assertThat(file).doesNotExist();
    assertThat(spool).isEmptyDirectory();
  }

  @Test
  void bodyUnderTheThresholdStaysInMemory() throws IOException {
    byte[] png = CraftedMedia.pngHeader(10, 10, THRESHOLD - 1024);

    try (FetchedMedia media =
        download().read(new ByteArrayInputStream(png), png.length, null, MediaKind.IMAGE)) {
      assertThat(media.content()).isInstanceOf(MediaContent.InMemory.class);
      assertThat(media.sizeBytes()).isEqualTo(png.length);
    }
    assertThat(spool).isEmptyDirectory();
  }

  @Test
  void spoolFileOfARefusedBodyIsDeleted() {
    byte[] hugeButShort = CraftedMedia.pngHeader(100_000, 100_000, 2 * THRESHOLD);

    rejected(
        RejectReason.DIMENSIONS_EXCEEDED,
        () ->
            download()
                .read(
                    new ByteArrayInputStream(hugeButShort),
                    hugeButShort.length,
                    null,
                    MediaKind.IMAGE));

    assertThat(spool).isEmptyDirectory();
  }

  @Test
  void spoolFileOfABodyThatEndsShortIsDeleted() {
    assertThatThrownBy(
            () ->
                download()
                    .read(
                        new ByteArrayInputStream(LARGE_PNG),
                        LARGE_PNG.length + 1,
                        null,
                        MediaKind.IMAGE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("declared");

    assertThat(spool).isEmptyDirectory();
  }

  @Test
  void missingSpoolDirectoryIsCreated() throws IOException {
    Path nested = spool.resolve("a/b");
    StreamingDownload download =
        Downloads.download(Downloads.limits(nested, THRESHOLD, Duration.ofSeconds(10), 0));

    try (FetchedMedia media =
        download.read(new ByteArrayInputStream(LARGE_PNG), -1, null, MediaKind.IMAGE)) {
      assertThat(((MediaContent.Spooled) media.content()).file()).hasParent(nested);
    }
    assertThat(nested).isEmptyDirectory();
  }

  private StreamingDownload download(MemoryBudget budget) {
    return new StreamingDownload(
        Downloads.limits(spool, THRESHOLD, Duration.ofSeconds(10), 0),
        Downloads.SNIFFER,
        new DimensionReader(),
        budget);
  }

  @Test
  void aDeclaredBodyOverTheThresholdStaysInMemoryWhileTheBudgetHasRoomAndGivesItBackOnClose()
      throws IOException {
    MemoryBudget budget = new MemoryBudget(LARGE_PNG.length + 1000L);
    StreamingDownload download = download(budget);

    FetchedMedia first =
        download.read(new ByteArrayInputStream(LARGE_PNG), LARGE_PNG.length, null, MediaKind.IMAGE);
    assertThat(first.content()).isInstanceOf(MediaContent.InMemory.class);
    assertThat(budget.used()).isEqualTo(LARGE_PNG.length);
    assertThat(first.sha256Hex()).isEqualTo(sha256(LARGE_PNG));
    try (InputStream in = first.content().open()) {
      assertThat(in.readAllBytes()).isEqualTo(LARGE_PNG);
    }

    // No room for a second one: it goes to disk, and the budget is unchanged.
    try (FetchedMedia second =
        download.read(
            new ByteArrayInputStream(LARGE_PNG), LARGE_PNG.length, null, MediaKind.IMAGE)) {
      assertThat(second.content()).isInstanceOf(MediaContent.Spooled.class);
      assertThat(budget.used()).isEqualTo(LARGE_PNG.length);
    }

    first.close();
    first.close();
    assertThat(budget.used()).isZero();
    assertThat(spool).isEmptyDirectory();
  }

  @Test
  void withoutADeclaredLengthTheBudgetIsNotUsed() throws IOException {
    MemoryBudget budget = new MemoryBudget(10 * Downloads.MIB);

    try (FetchedMedia media =
        download(budget).read(new ByteArrayInputStream(LARGE_PNG), -1, null, MediaKind.IMAGE)) {
      assertThat(media.content()).isInstanceOf(MediaContent.Spooled.class);
      assertThat(budget.used()).isZero();
    }
  }

  @Test
  void aBodyThatEndsShortOrRunsLongGivesItsReservationBack() {
    MemoryBudget budget = new MemoryBudget(10 * Downloads.MIB);

    for (long declared : new long[] {LARGE_PNG.length + 1, LARGE_PNG.length - 1000}) {
      assertThatThrownBy(
              () ->
                  download(budget)
                      .read(new ByteArrayInputStream(LARGE_PNG), declared, null, MediaKind.IMAGE))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("declared");
      assertThat(budget.used()).isZero();
    }
    assertThat(spool).isEmptyDirectory();
  }

  @Test
  void theBudgetIsAtMostAQuarterOfTheHeap() {
    assertThat(MemoryBudget.ofHeap(Long.MAX_VALUE).capacity())
        .isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    assertThat(MemoryBudget.ofHeap(1024).capacity()).isEqualTo(1024);
  }
}
