package io.mediakeep.worker.backfill;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a signed URL stops working, if it says: AWS Signature V4 ({@code X-Amz-Date} plus {@code
 * X-Amz-Expires} seconds), Google's V4 ({@code X-Goog-Date} plus {@code X-Goog-Expires}), or an
 * {@code Expires} of Unix seconds (S3's V2, CloudFront).
 */
public final class SignedUrls {

  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private SignedUrls() {}

  public static Optional<Instant> expiresAt(String url) {
    Map<String, String> query = query(url);
    for (String vendor : new String[] {"x-amz", "x-goog"}) {
      String date = query.get(vendor + "-date");
      String seconds = query.get(vendor + "-expires");
      if (date != null && seconds != null) {
        try {
          Instant signed = LocalDateTime.parse(date, BASIC).toInstant(ZoneOffset.UTC);
          return Optional.of(signed.plusSeconds(Long.parseLong(seconds)));
        } catch (RuntimeException unreadable) {
          return Optional.empty();
        }
      }
    }
    String expires = query.get("expires");
    if (expires != null && expires.chars().allMatch(Character::isDigit) && expires.length() <= 12) {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(expires)));
    }
    return Optional.empty();
  }

  private static Map<String, String> query(String url) {
    Map<String, String> params = new HashMap<>();
    String raw;
    try {
      raw = URI.create(url).getRawQuery();
    } catch (IllegalArgumentException notAUri) {
      return params;
    }
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }
}
