package io.mediakeep.worker.fetch;

import io.mediakeep.worker.core.MediaFormat;
import java.util.Map;
import java.util.Optional;
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
   * which is what Tika answers for them too; everything else goes through Tika's magic database,
   * whose full scan of the head cost about a tenth of the worker's CPU per event.
   */
  public String detect(byte[] head, int length) {
    String image = imageSignature(head, length);
    if (image != null) {
      return image;
    }
    byte[] bytes = length == head.length ? head : java.util.Arrays.copyOf(head, length);
    return tika.detect(bytes);
  }

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private static String imageSignature(byte[] h, int length) {
    if (length >= 8 && java.util.Arrays.equals(h, 0, 8, PNG, 0, 8)) {
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

  public Optional<MediaFormat> format(String detectedType) {
    return Optional.ofNullable(ACCEPTED.get(detectedType));
  }
}
