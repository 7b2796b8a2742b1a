package io.mediakeep.worker.db;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text as PostgreSQL can store it. U+0000 in a text or jsonb value is an error, and a rejection
 * that cannot be written would hold its partition for ever; an unpaired surrogate is quietly stored
 * as '?' by the driver. Both become U+FFFD in the columns that quote a rejected record, which says
 * something was replaced; raw_value keeps the bytes as they came.
 */
final class PgText {

  private static final char REPLACEMENT = '\uFFFD';

  private PgText() {}

  static String of(String text) {
    if (text == null || storable(text)) {
      return text;
    }
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (Character.isHighSurrogate(c)
          && i + 1 < chars.length
          && Character.isLowSurrogate(chars[i + 1])) {
        i++;
      } else if (c == '\u0000' || Character.isSurrogate(c)) {
        chars[i] = REPLACEMENT;
      }
    }
    return new String(chars);
  }

  /** Keys and values both; a header name is as much the producer's as its value. */
  static Map<String, String> of(Map<String, String> map) {
    Map<String, String> clean = new LinkedHashMap<>();
    map.forEach((k, v) -> clean.merge(of(k), of(v), (first, second) -> first));
    return clean;
  }

  private static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
