package io.mediakeep.worker.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a source for the "same source" test: the URL itself, except for {@code data:}
 * URIs, which are up to 512 KiB and are kept as a digest instead.
 */
public final class SourceFingerprint {

  private SourceFingerprint() {}

  public static String of(String sourceUrl) {
    if (!sourceUrl.regionMatches(true, 0, "data:", 0, 5)) {
      return sourceUrl;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(sourceUrl.getBytes(StandardCharsets.UTF_8));
      return "data:sha256," + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
