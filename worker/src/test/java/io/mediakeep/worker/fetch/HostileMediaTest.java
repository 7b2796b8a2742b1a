package io.mediakeep.worker.fetch;

import static io.mediakeep.worker.fetch.Downloads.MIB;
import static io.mediakeep.worker.fetch.Downloads.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaRejectedException;
import io.mediakeep.worker.local.SampleImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files that lie: other types served as images, polyglots, compressed bodies, absurd sizes and
 * frame counts. Each is refused with its reason, and the bytes read to refuse it are bounded.
 */
class HostileMediaTest {

  private static final int HEAD = MediaSniffer.HEAD_BYTES;
  private static final int BUFFER = 64 * 1024;

  @TempDir Path spool;
  private StreamingDownload download;
  private ScriptedServer server;
  private HttpSourceFetcher fetcher;

  @BeforeEach
  void setUp() throws IOException {
    download = Downloads.download(Downloads.limits(spool));
    server = new ScriptedServer();
    fetcher = Downloads.http(Downloads.limits(spool), FakeResolver.loopback(), server.authority());
  }

  @AfterEach
  void tearDown() throws IOException {
    fetcher.close();
    server.close();
  }

  private MediaRejectedException refused(RejectReason reason, byte[] body) {
    return rejected(
        reason,
        () -> download.read(new ByteArrayInputStream(body), body.length, "image/png", IMAGE));
  }

  private static final MediaKind IMAGE = MediaKind.IMAGE;

  static Stream<Arguments> otherTypesServedAsImages() throws IOException {
    return Stream.of(
        Arguments.of("html", utf8("<!DOCTYPE html><html><body><script>alert(1)</script>")),
        Arguments.of("html without doctype", utf8("<html><img src=x onerror=alert(1)>")),
        Arguments.of(
            "svg", utf8("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")),
        Arguments.of(
            "svg with xml declaration",
            utf8("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")),
        Arguments.of("script", utf8("alert(document.cookie);\n")),
        Arguments.of("php", utf8("<?php system($_GET['c']); ?>")),
        Arguments.of("zip", zip()),
        Arguments.of("pdf", utf8("%PDF-1.7\n1 0 obj <<>> endobj\n")),
        Arguments.of("gzip file", gzip(SampleImages.png(3))),
        Arguments.of("elf", new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
        Arguments.of("empty", new byte[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherTypesServedAsImages")
  void otherTypeServedAsAnImageIsRefusedByItsMagicBytes(String what, byte[] body) {
    assertThat(refused(RejectReason.UNSUPPORTED_MEDIA, body)).hasMessageContaining("image/png");
  }

  static Stream<Arguments> polyglots() throws IOException {
    byte[] png = SampleImages.png(5);
    byte[] jpeg = SampleImages.image(6, 32, 32, "jpg");
    return Stream.of(
        Arguments.of("png + zip", CraftedMedia.concat(png, zip()), "after the end"),
        Arguments.of("png + html", CraftedMedia.concat(png, utf8("<html>")), "after the end"),
        Arguments.of(
            "png text chunk with a script",
            CraftedMedia.pngWithChunk(8, 8, "tEXt", utf8("Comment\0<script>alert(1)</script>")),
            "markup"),
        Arguments.of(
            "png private chunk with a page",
            CraftedMedia.pngWithChunk(8, 8, "prVt", utf8("<!DOCTYPE html>")),
            "markup"),
        Arguments.of("jpeg + zip", CraftedMedia.concat(jpeg, zip()), "after the end"),
        Arguments.of(
            "jpeg comment with html",
            CraftedMedia.jpegWithComment(jpeg, "<HTML><BODY onload=alert(1)>"),
            "markup"),
        Arguments.of(
            "gif comment with a script",
            CraftedMedia.gifFrames(1, "*/=1;<script>alert(1)</script>"),
            "markup"),
        Arguments.of(
            "gif + jar", CraftedMedia.concat(CraftedMedia.gif1x1(), zip()), "after the end"),
        Arguments.of(
            "webp xmp chunk with javascript:",
            CraftedMedia.webpWithChunk(8, 8, "XMP ", utf8("<a href='javascript:alert(1)'>")),
            "markup"),
        Arguments.of(
            "webp + zip",
            CraftedMedia.concat(CraftedMedia.webpLossless(8, 8), zip()),
            "RIFF says"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("polyglots")
  void polyglotIsRefused(String what, byte[] body, String why) {
    assertThat(refused(RejectReason.UNSUPPORTED_MEDIA, body)).hasMessageContaining(why);
  }

  @Test
  void wellFormedImagesOfEveryFormatStillPass() throws IOException {
    Map<String, byte[]> images =
        Map.of(
            "png", SampleImages.png(7),
            "jpeg", SampleImages.image(8, 40, 30, "jpg"),
            "gif", CraftedMedia.gifFrames(3, "made by a generator"),
            "webp", CraftedMedia.webpLossless(40, 30),
            "animated webp", CraftedMedia.webpAnimated(12),
            "png with a harmless text chunk",
                CraftedMedia.pngWithChunk(8, 8, "tEXt", utf8("Software\0mediakeep test")));
    for (var image : images.entrySet()) {
      byte[] body = image.getValue();
      try (FetchedMedia media =
          download.read(new ByteArrayInputStream(body), body.length, null, IMAGE)) {
        assertThat(media.sizeBytes()).as(image.getKey()).isEqualTo(body.length);
      }
    }
  }

  @Test
  void gifWithMoreFramesThanTheCapIsRefused() {
    assertThat(refused(RejectReason.DIMENSIONS_EXCEEDED, CraftedMedia.gifFrames(1001, null)))
        .hasMessageContaining("1001 frames");
  }

  @Test
  void gifAtTheFrameCapPasses() throws IOException {
    byte[] body = CraftedMedia.gifFrames(1000, null);
    download.read(new ByteArrayInputStream(body), body.length, null, IMAGE).close();
  }

  @Test
  void apngClaimingAMillionFramesIsRefused() {
    assertThat(refused(RejectReason.DIMENSIONS_EXCEEDED, CraftedMedia.apngClaiming(1_000_000)))
        .hasMessageContaining("1000000 frames");
  }

  @Test
  void webpWithMoreFramesThanTheCapIsRefused() {
    refused(RejectReason.DIMENSIONS_EXCEEDED, CraftedMedia.webpAnimated(1001));
  }

  @Test
  void gifFrameLargerThanThePixelCapIsRefusedThoughItsScreenIsTiny() {
    assertThat(refused(RejectReason.DIMENSIONS_EXCEEDED, CraftedMedia.gifWithFrame(65535, 65535)))
        .hasMessageContaining("65535x65535");
  }

  @Test
  void pixelBombIsRefusedFromTheFirstBytesWithoutReadingTheRest() {
    byte[] header = CraftedMedia.pngHeader(100_000, 100_000, 0);
    TestStreams.Counting source = new TestStreams.Counting(new TestStreams.Lazy(header, 9 * MIB));

    rejected(RejectReason.DIMENSIONS_EXCEEDED, () -> download.read(source, -1, "image/png", IMAGE));

    assertThat(source.count()).isLessThanOrEqualTo(HEAD);
    assertThat(spool).isEmptyDirectory();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "deflate", "br", "x-gzip", "GZIP"})
  void compressedBodyIsRefusedBeforeItIsRead(String encoding) throws IOException {
    byte[] bomb = gzipOfZeros(64 * MIB);
    server.respond(
        "/bomb.png", 200, bomb, "Content-Type", "image/png", "Content-Encoding", encoding);

    assertThat(
            rejected(
                RejectReason.UNSUPPORTED_MEDIA,
                () -> fetcher.fetch(server.url("/bomb.png"), IMAGE)))
        .hasMessageContaining("Content-Encoding");
  }

  @Test
  void identityEncodingIsAccepted() throws IOException {
    byte[] png = SampleImages.png(9);
    server.respond("/a.png", 200, png, "Content-Type", "image/png", "Content-Encoding", "identity");

    fetcher.fetch(server.url("/a.png"), IMAGE).close();
  }

  /**
   * The body was read to its end, so a structure that claims more is the file's fault: a rejection,
   * not a network failure that would be retried and count against the host.
   */
  @Test
  void fileShorterThanItsStructureIsRefused() {
    byte[] png = SampleImages.png(10);
    byte[] cut = java.util.Arrays.copyOf(png, png.length - 20);

    assertThat(refused(RejectReason.UNSUPPORTED_MEDIA, cut)).hasMessageContaining("past the end");
  }

  @Test
  void jpegWithAPageBeforeItsFinalMarkerIsRefused() {
    byte[] jpeg = SampleImages.image(11, 32, 32, "jpg");
    byte[] body = java.util.Arrays.copyOf(jpeg, jpeg.length - 2); // without its EOI
    byte[] polyglot =
        CraftedMedia.concat(
            CraftedMedia.concat(body, new byte[] {(byte) 0xFF, (byte) 0xD9}),
            CraftedMedia.concat(
                utf8("<html><script>alert(1)</script>"), new byte[] {(byte) 0xFF, (byte) 0xD9}));

    assertThat(refused(RejectReason.UNSUPPORTED_MEDIA, polyglot))
        .hasMessageContaining("after the end");
  }

  @Test
  void apngFrameWhosePixelCountOverflowsIsRefused() {
    java.nio.ByteBuffer fctl = java.nio.ByteBuffer.allocate(26);
    fctl.putInt(0).putInt(0xFFFFFFFF).putInt(0xFFFFFFFF);
    byte[] apng = CraftedMedia.pngWithChunk(16, 16, "fcTL", fctl.array());

    refused(RejectReason.DIMENSIONS_EXCEEDED, apng);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] zip() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write(utf8("Manifest-Version: 1.0\n"));
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  /** {@code size} zero bytes compressed: about a thousandth of that on the wire. */
  static byte[] gzipOfZeros(long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream gz =
        new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED, true), 64 * 1024)) {
      byte[] zeros = new byte[1 << 20];
      for (long written = 0; written < size; written += zeros.length) {
        gz.write(zeros);
      }
    }
    return out.toByteArray();
  }
}
