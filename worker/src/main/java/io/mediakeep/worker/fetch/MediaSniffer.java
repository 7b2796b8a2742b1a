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

  /** The detected MIME type, whatever it is. */
  public String detect(byte[] head, int length) {
    byte[] bytes = length == head.length ? head : java.util.Arrays.copyOf(head, length);
    return tika.detect(bytes);
  }

  public Optional<MediaFormat> format(String detectedType) {
    return Optional.ofNullable(ACCEPTED.get(detectedType));
  }
}
