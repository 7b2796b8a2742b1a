package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.CrashPoint;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaContent;
import io.mediakeep.worker.core.MediaFormat;
import io.mediakeep.worker.core.MediaRejectedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads one body once: decides the format from the first bytes, enforces the size cap of that
 * format while streaming, computes SHA-256 and the byte count on the way, keeps small files in
 * memory and spools larger ones to disk, walks the file's structure ({@link MediaStructure}), then
 * reads dimensions from the headers and enforces the pixel cap. A size the first bytes already give
 * is checked before the rest of the body is read. Memory per download is bounded by the in-memory
 * threshold plus one buffer.
 */
public final class StreamingDownload {

  private static final int BUFFER = 64 * 1024;

  private final FetchLimits limits;
  private final MediaSniffer sniffer;
  private final DimensionReader dimensions;
  private final MediaStructure structure;
  private final MemoryBudget budget;

  public StreamingDownload(FetchLimits limits, MediaSniffer sniffer, DimensionReader dimensions) {
    this(limits, sniffer, dimensions, MemoryBudget.NONE);
  }

  /** With {@code budget}, bodies above the threshold stay in memory while it has room for them. */
  public StreamingDownload(
      FetchLimits limits, MediaSniffer sniffer, DimensionReader dimensions, MemoryBudget budget) {
    this.budget = budget;
    this.limits = limits;
    this.sniffer = sniffer;
    this.dimensions = dimensions;
    this.structure = new MediaStructure(limits.maxFrames(), limits.maxPixels());
  }

  /**
   * @param declaredLength the Content-Length, or -1 when the source did not declare one
   * @param declaredType the Content-Type the source declared, only quoted in rejections
   */
  public FetchedMedia read(
      InputStream in, long declaredLength, String declaredType, MediaKind expected)
      throws IOException {
    long cap = limits.maxBytes(expected);
    if (declaredLength > cap) {
      throw tooLarge(declaredLength, cap, expected);
    }
    MessageDigest sha256 = sha256();
    byte[] head = new byte[MediaSniffer.HEAD_BYTES];
    int headLength = in.readNBytes(head, 0, head.length);
    String detected = sniffer.detect(head, headLength);
    MediaFormat format =
        sniffer
            .format(detected)
            .orElseThrow(
                () ->
                    new MediaRejectedException(
                        RejectReason.UNSUPPORTED_MEDIA,
                        "content is "
                            + detected
                            + declared(declaredType)
                            + ", not a supported "
                            + expected.wireName()));
    if (format.kind() != expected) {
      throw new MediaRejectedException(
          RejectReason.UNSUPPORTED_MEDIA,
          "the event announces " + expected.wireName() + " but the content is " + detected);
    }
    cap = limits.maxBytes(format.kind());
    if (headLength > cap) {
      throw tooLarge(headLength, cap, expected);
    }
    Dimensions claimed = DimensionReader.fromHead(format, head, headLength);
    if (claimed.hasSize()) {
      checkDimensions(format, claimed); // before the rest of the body is read
    }

    MediaContent content = spool(in, head, headLength, declaredLength, sha256, cap, expected);
    try {
      if (declaredLength >= 0 && content.size() != declaredLength) {
        throw new IOException(
            "body ended after " + content.size() + " of " + declaredLength + " declared bytes");
      }
      Dimensions walked;
      try (InputStream body = content.open()) {
        walked = structure.check(format, body, content.size());
      }
      // The walk above has checked the header the head's size came from, and read WebM's size
      // and duration; only the formats whose size is in neither (MP4, a JPEG with large leading
      // segments) are read again.
      Dimensions dims = format == MediaFormat.WEBM ? walked : claimed;
      if (!dims.hasSize() && format != MediaFormat.WEBM) {
        try (InputStream body = content.open()) {
          dims = dimensions.read(format, body);
        }
      }
      checkDimensions(format, dims);
      return new FetchedMedia(
          content,
          format,
          HexFormat.of().formatHex(sha256.digest()),
          content.size(),
          dims.width(),
          dims.height(),
          dims.durationMs());
    } catch (IOException | RuntimeException e) {
      content.close();
      throw e;
    }
  }

  /**
   * Reads the rest of the body into memory or, past {@code inMemoryBytes}, into a spool file. A
   * declared length sizes the memory buffer once (no doubling, no copy at the end when it holds). A
   * body declared larger than the threshold stays in memory when the shared {@link MemoryBudget}
   * has room for all of it, and otherwise goes to the file from the start; a body that runs past
   * what it declared goes to the file at that point.
   */
  private MediaContent spool(
      InputStream in,
      byte[] head,
      int headLength,
      long declaredLength,
      MessageDigest sha256,
      long cap,
      MediaKind kind)
      throws IOException {
    CrashPoint.MID_DOWNLOAD.reached();
    sha256.update(head, 0, headLength);
    long count = headLength;
    long inMemory = limits.inMemoryBytes();
    Runnable lease = null;
    if (declaredLength > inMemory && declaredLength < Integer.MAX_VALUE - 8) {
      lease = budget.tryReserve(declaredLength);
      inMemory = lease != null ? declaredLength : inMemory;
    }
    boolean fits = declaredLength >= 0 && declaredLength <= inMemory;
    Buffer memory =
        new Buffer(fits ? (int) Math.max(declaredLength, headLength) : Math.max(headLength, 1024));
    memory.write(head, 0, headLength);
    Path file = null;
    OutputStream out = null;
    byte[] buffer = new byte[BUFFER];
    try {
      int n;
      while ((n = in.read(buffer)) != -1) {
        count += n;
        if (count > cap) {
          throw tooLarge(count, cap, kind);
        }
        sha256.update(buffer, 0, n);
        if (out == null && (count > inMemory || declaredLength > inMemory)) {
          Files.createDirectories(limits.spoolDir());
          file = Files.createTempFile(limits.spoolDir(), "mediakeep-", ".part");
          out = Files.newOutputStream(file);
          memory.writeTo(out);
          memory = null;
          if (lease != null) {
            lease.run();
            lease = null;
          }
        }
        if (out != null) {
          out.write(buffer, 0, n);
        } else {
          memory.write(buffer, 0, n);
        }
      }
      if (out != null) {
        out.close();
        out = null;
        return new MediaContent.Spooled(file, count);
      }
      return new MediaContent.InMemory(memory.bytes(), lease);
    } catch (IOException | RuntimeException e) {
      if (lease != null) {
        lease.run();
      }
      if (out != null) {
        out.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
      throw e;
    }
  }

  private void checkDimensions(MediaFormat format, Dimensions dims) throws MediaRejectedException {
    if (format.kind() == MediaKind.IMAGE && !dims.hasSize()) {
      throw new MediaRejectedException(
          RejectReason.UNSUPPORTED_MEDIA, "no width and height in the " + format + " header");
    }
    if (dims.hasSize() && (dims.width() <= 0 || dims.height() <= 0)) {
      throw new MediaRejectedException(
          RejectReason.UNSUPPORTED_MEDIA,
          "invalid dimensions " + dims.width() + "x" + dims.height());
    }
    if (dims.durationMs() != null && dims.durationMs() > limits.maxVideoDuration().toMillis()) {
      throw new MediaRejectedException(
          RejectReason.DIMENSIONS_EXCEEDED,
          "a duration of "
              + Duration.ofMillis(dims.durationMs())
              + " exceeds the cap of "
              + limits.maxVideoDuration());
    }
    if (dims.durationMs() != null && dims.durationMs() < 0) {
      throw new MediaRejectedException(
          RejectReason.UNSUPPORTED_MEDIA, "a negative duration of " + dims.durationMs() + " ms");
    }
    if (dims.pixels() > limits.maxPixels()) {
      throw new MediaRejectedException(
          RejectReason.DIMENSIONS_EXCEEDED,
          dims.width()
              + "x"
              + dims.height()
              + " exceeds the cap of "
              + limits.maxPixels()
              + " pixels");
    }
  }

  private static MediaRejectedException tooLarge(long size, long cap, MediaKind kind) {
    return new MediaRejectedException(
        RejectReason.TOO_LARGE,
        "more than " + cap + " bytes (" + kind.wireName() + " cap); saw at least " + size);
  }

  private static String declared(String declaredType) {
    return declaredType == null ? "" : " (declared " + declaredType + ")";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** A byte buffer that hands over its array when the body filled it exactly. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    byte[] bytes() {
      return count == buf.length ? buf : Arrays.copyOf(buf, count);
    }
  }
}
