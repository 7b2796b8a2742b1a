package io.mediakeep.worker.fetch;

import io.mediakeep.worker.core.MediaFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.Tika;

/**
 * Decides what a file is from its first bytes with Apache Tika's magic-byte detection. The
 * Content-Type a server declares is never trusted: an HTML page served as image/png is HTML.
 */
public final class MediaSniffer {

  /** How many leading bytes are enough for every format mediakeep accepts. */
  public static final int HEAD_BYTES = 64 * 1024;

  private static final Map<String, MediaFormat> ACCEPTED =
      Map.of(
          "image/jpeg", MediaFormat.JPEG,
          "image/png", MediaFormat.PNG,
          "image/webp", MediaFormat.WEBP,
          "image/gif", MediaFormat.GIF,
          "video/mp4", MediaFormat.MP4,
          "video/webm", MediaFormat.WEBM);

  private final Tika tika = new Tika();

  /**
   * The detected MIME type, whatever it is. The four image signatures are recognised directly,
   * which is what Tika answers for them too, and so are MP4 and WebM, where Tika's answers are too
   * coarse: it calls an MP4 of the ISO base brand (ffmpeg's default) QuickTime, and WebM Matroska.
   * Everything else goes through Tika's magic database, whose full scan of the head cost about a
   * tenth of the worker's CPU per event.
   */
  public String detect(byte[] head, int length) {
    String image = imageSignature(head, length);
    if (image != null) {
      return image;
    }
    String video = videoSignature(head, length);
    if (video != null) {
      return video;
    }
    byte[] bytes = length == head.length ? head : Arrays.copyOf(head, length);
    return tika.detect(bytes);
  }

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private static String imageSignature(byte[] h, int length) {
    if (length >= 8 && Arrays.equals(h, 0, 8, PNG, 0, 8)) {
      return "image/png";
    }
    if (length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) {
      return "image/jpeg";
    }
    if (length >= 6
        && h[0] == 'G'
        && h[1] == 'I'
        && h[2] == 'F'
        && h[3] == '8'
        && (h[4] == '7' || h[4] == '9')
        && h[5] == 'a') {
      return "image/gif";
    }
    if (length >= 16
        && h[0] == 'R'
        && h[1] == 'I'
        && h[2] == 'F'
        && h[3] == 'F'
        && h[8] == 'W'
        && h[9] == 'E'
        && h[10] == 'B'
        && h[11] == 'P'
        && h[12] == 'V'
        && h[13] == 'P'
        && h[14] == '8') {
      return "image/webp";
    }
    return null;
  }

  /**
   * The ISO base media brands of MP4 files (ISO/IEC 14496-12 and -14, and what encoders write
   * beside them). A file whose ftyp box names only QuickTime's {@code qt } is a .mov, not an MP4.
   */
  private static final Set<String> MP4_BRANDS =
      Set.of(
          "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42",
          "mp71", "avc1", "av01", "dash", "M4V ", "mmp4", "msnv");

  private static final int EBML_DOC_TYPE = 0x4282;

  private static String videoSignature(byte[] h, int length) {
    if (length >= 16 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p') {
      long box = ByteBuffer.wrap(h, 0, 4).getInt() & 0xFFFFFFFFL;
      int end = (int) Math.min(length, box < 16 ? 16 : box);
      for (int at = 8; at + 4 <= end; at += at == 8 ? 8 : 4) {
        String brand = new String(h, at, 4, StandardCharsets.ISO_8859_1);
        if (MP4_BRANDS.contains(brand)) {
          return "video/mp4";
        }
      }
      return null;
    }
    if (length >= 8
        && (h[0] & 0xFF) == 0x1A
        && (h[1] & 0xFF) == 0x45
        && (h[2] & 0xFF) == 0xDF
        && (h[3] & 0xFF) == 0xA3) {
      String docType = ebmlDocType(h, length);
      if ("webm".equals(docType)) {
        return "video/webm";
      }
      if ("matroska".equals(docType)) {
        return "video/x-matroska";
      }
    }
    return null;
  }

  /** The DocType of an EBML header in the head, or null; a one-byte size is all ffmpeg writes. */
  private static String ebmlDocType(byte[] h, int length) {
    int headerSize = h[4] & 0xFF;
    if ((headerSize & 0x80) == 0) {
      return null;
    }
    int end = Math.min(length, 5 + (headerSize & 0x7F));
    int at = 5;
    while (at + 3 <= end) {
      int id = (h[at] & 0xFF) << 8 | (h[at + 1] & 0xFF);
      int size = h[at + 2] & 0xFF;
      if ((h[at] & 0xF0) != 0x40 || (size & 0x80) == 0) {
        return null;
      }
      size &= 0x7F;
      if (at + 3 + size > end) {
        return null;
      }
      if (id == EBML_DOC_TYPE) {
        return new String(h, at + 3, size, StandardCharsets.US_ASCII).strip();
      }
      at += 3 + size;
    }
    return null;
  }

  public Optional<MediaFormat> format(String detectedType) {
    return Optional.ofNullable(ACCEPTED.get(detectedType));
  }
}
