package io.mediakeep.worker.core;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The last check before anything is written: a key must be {@code
 * {ownerId}/{projectId}/{sceneId}/{file}}, four plain segments of {@code [A-Za-z0-9._-]} under the
 * event's owner. The codec already refuses unsafe key fields; this holds even if a field slips
 * through it, since S3, CDNs and file-system backed stores each read "..", "\", "//", "%2F" and
 * look-alike characters their own way.
 */
public final class ObjectKeys {

  /** S3's limit, and the width of assets.object_key. */
  static final int MAX_BYTES = 1024;

  static final int SEGMENTS = 4;

  private ObjectKeys() {}

  /** Why {@code key} must not be written for {@code ownerId}, or empty when it is safe. */
  public static Optional<String> problem(UUID ownerId, String key) {
    if (ownerId == null) {
      return Optional.of("object key has no ownerId to live under");
    }
    if (key == null || key.isEmpty()) {
      return Optional.of("object key is empty");
    }
    String quoted = quote(key);
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("object key " + quoted + " is longer than " + MAX_BYTES + " bytes");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!allowed(c)) {
        return Optional.of("object key " + quoted + " contains " + describe(c));
      }
    }
    if (key.contains("..")) {
      return Optional.of("object key " + quoted + " contains '..'");
    }
    if (key.contains("//") || key.endsWith("/")) {
      return Optional.of("object key " + quoted + " has an empty path segment");
    }
    if (key.startsWith("./") || key.contains("/./")) {
      return Optional.of("object key " + quoted + " has a '.' path segment");
    }
    String owner = ownerId + "/";
    if (!key.startsWith(owner)) {
      return Optional.of("object key " + quoted + " is not under '" + owner + "'");
    }
    long segments = key.chars().filter(c -> c == '/').count() + 1;
    if (segments != SEGMENTS) {
      return Optional.of(
          "object key %s has %d path segments, not %d ({ownerId}/{projectId}/{sceneId}/{file})"
              .formatted(quoted, segments, SEGMENTS));
    }
    return Optional.empty();
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '/';
  }

  private static String describe(char c) {
    if (c == '\\') {
      return "a backslash";
    }
    if (Character.isISOControl(c)) {
      return "control character U+%04X".formatted((int) c);
    }
    if (c > 0x7E) {
      return "non-ASCII character U+%04X".formatted((int) c);
    }
    return "'" + c + "', which keys do not use";
  }

  /** The key for a message: at most 80 characters, anything outside printable ASCII escaped. */
  private static String quote(String key) {
    var out = new StringBuilder("'");
    for (int i = 0; i < key.length() && i < 80; i++) {
      char c = key.charAt(i);
      out.append(
          c >= 0x20 && c < 0x7F && c != '\'' ? String.valueOf(c) : "\\u%04x".formatted((int) c));
    }
    return out.append(key.length() > 80 ? "...'" : "'").toString();
  }
}
