package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what refusing each hostile file costs: wall time, bytes allocated by the refusing thread
 * and bytes read from the source, the median of five runs. Only the byte counts, which do not
 * depend on the machine, are asserted; the times and allocations are written to {@code
 * target/hostile-media-bounds.md} and quoted in docs/security.md.
 */
class HostileMediaBoundsTest {

  private static final int RUNS = 5;
  private static final long GIB = 1024 * MIB;
  private static final List<String> ROWS = new ArrayList<>();

  @TempDir static Path spool;
  private static StreamingDownload download;

  @BeforeAll
  static void setUp() {
    download = Downloads.download(Downloads.limits(spool));
  }

  @AfterAll
  static void report() throws IOException {
    StringBuilder table = new StringBuilder();
    table.append("| case | refused as | time (median of ").append(RUNS).append(") |");
    table.append(" allocated | read from the source |\n|---|---|---|---|---|\n");
    ROWS.forEach(row -> table.append(row).append('\n'));
    Path out = Path.of("target", "hostile-media-bounds.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
    System.out.print(table);
  }

  @Test
  void gigabyteBodyAgainstTheTenMebibyteCap() {
    long read = measure("1 GiB body, 10 MiB cap", () -> lazy(CraftedMedia.pngSignature(), GIB));
    assertThat(read).isLessThanOrEqualTo(10 * MIB + 2 * 64 * 1024);
  }

  @Test
  void tenBillionPixelHeader() {
    byte[] header = CraftedMedia.pngHeader(100_000, 100_000, 0);
    long read = measure("PNG header 100,000 x 100,000, 9 MiB body", () -> lazy(header, 9 * MIB));
    assertThat(read).isLessThanOrEqualTo(MediaSniffer.HEAD_BYTES);
  }

  @Test
  void gifOfAThousandAndOneFrames() {
    byte[] gif = CraftedMedia.gifFrames(1001, null);
    long read = measure("GIF of 1,001 frames", () -> counting(gif));
    assertThat(read).isEqualTo(gif.length);
  }

  @Test
  void apngClaimingAMillionFrames() {
    byte[] apng = CraftedMedia.apngClaiming(1_000_000);
    assertThat(measure("APNG claiming 1,000,000 frames", () -> counting(apng)))
        .isEqualTo(apng.length);
  }

  @Test
  void polyglotOfTenMebibytes() {
    byte[] png = CraftedMedia.noisyPng(1000, 1000, 1);
    byte[] zip = new byte[(int) (6 * MIB)];
    zip[0] = 'P';
    zip[1] = 'K';
    byte[] polyglot = CraftedMedia.concat(png, zip);
    assertThat(measure("PNG (3 MB) + 6 MiB appended", () -> counting(polyglot)))
        .isEqualTo(polyglot.length);
  }

  @Test
  void wellFormedTenMegabyteImageForComparison() {
    byte[] png = CraftedMedia.noisyPng(1800, 1800, 2);
    assertThat(measure("well-formed PNG of " + png.length / 1_000_000 + " MB", () -> counting(png)))
        .isEqualTo(png.length);
  }

  @Test
  void compressionBombOverHttp() throws IOException {
    byte[] bomb = HostileMediaTest.gzipOfZeros(1024 * MIB);
    try (ScriptedServer server = new ScriptedServer();
        HttpSourceFetcher fetcher =
            Downloads.http(Downloads.limits(spool), FakeResolver.loopback(), server.authority())) {
      server.respond(
          "/bomb.png", 200, bomb, "Content-Type", "image/png", "Content-Encoding", "gzip");
      timeOnly(
          "gzip bomb: " + bomb.length / 1024 + " KiB inflating to 1 GiB, over HTTP",
          () -> fetcher.fetch(server.url("/bomb.png"), MediaKind.IMAGE));
    }
  }

  @Test
  void dripFeedAgainstATwoSecondTotalDeadline() throws IOException {
    byte[] png = CraftedMedia.noisyPng(64, 64, 3);
    try (ScriptedServer server = new ScriptedServer();
        HttpSourceFetcher fetcher =
            Downloads.http(
                Downloads.limits(spool, 512 * 1024, Duration.ofSeconds(2), 3),
                FakeResolver.loopback(),
                server.authority())) {
      server.on(
          "/drip.png",
          exchange -> {
            exchange.sendResponseHeaders(200, png.length);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < png.length && i < 100; i++) {
              out.write(png[i]);
              out.flush();
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                return;
              }
            }
          });
      timeOnly(
          "drip feed, 1 byte per 100 ms, 2 s total deadline, over HTTP",
          () -> fetcher.fetch(server.url("/drip.png"), MediaKind.IMAGE));
    }
  }

  private interface Fetch {
    FetchedMedia run() throws IOException;
  }

  private static void timeOnly(String what, Fetch fetch) {
    long[] nanos = new long[3];
    String outcome = "";
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      Throwable thrown = catchThrowable(() -> fetch.run().close());
      nanos[i] = System.nanoTime() - start;
      outcome = describe(thrown);
    }
    Arrays.sort(nanos);
    ROWS.add("| " + what + " | " + outcome + " | " + millis(nanos[1]) + " (median of 3) | | |");
  }

  /** Reads the source RUNS times; returns the bytes read by the median run. */
  private static long measure(String what, Supplier<TestStreams.Counting> source) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] nanos = new long[RUNS];
    long[] allocated = new long[RUNS];
    long read = 0;
    String outcome = "";
    for (int i = 0; i < RUNS; i++) {
      TestStreams.Counting in = source.get();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      Throwable thrown = catchThrowable(() -> download.read(in, -1, null, MediaKind.IMAGE).close());
      nanos[i] = System.nanoTime() - start;
      allocated[i] = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      outcome = describe(thrown);
      read = in.count();
    }
    Arrays.sort(nanos);
    Arrays.sort(allocated);
    ROWS.add(
        "| "
            + what
            + " | "
            + outcome
            + " | "
            + millis(nanos[RUNS / 2])
            + " | "
            + kib(allocated[RUNS / 2])
            + " | "
            + kib(read)
            + " |");
    return read;
  }

  private static String describe(Throwable thrown) {
    if (thrown == null) {
      return "accepted";
    }
    if (thrown instanceof MediaRejectedException rejection) {
      return rejection.reason().name();
    }
    return thrown.getClass().getSimpleName() + " (retried)";
  }

  private static TestStreams.Counting lazy(byte[] prefix, long length) {
    return new TestStreams.Counting(new TestStreams.Lazy(prefix, length));
  }

  private static TestStreams.Counting counting(byte[] bytes) {
    InputStream in = new ByteArrayInputStream(bytes);
    return new TestStreams.Counting(in);
  }

  private static String millis(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }

  private static String kib(long bytes) {
    if (bytes < 10 * 1024) {
      return String.format("%,d bytes", bytes);
    }
    return bytes >= 10 * MIB
        ? String.format("%.1f MiB", bytes / (double) MIB)
        : String.format("%,d KiB", bytes / 1024);
  }
}
