package io.mediakeep.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds strings in event data that PostgreSQL cannot keep as sent: U+0000 (JSON allows it as an
 * escape; text and jsonb refuse it with an error) and unpaired surrogates (Jackson lets "\ud800"
 * through; the driver quietly stores '?'). An insert that always fails would leave the event
 * waiting for ever instead of being rejected.
 */
final class StorableText {

  private static final String PROBLEM =
      "contains U+0000 or an unpaired surrogate, which cannot be stored as sent";

  private StorableText() {}

  /** A one-line error naming the first offending field, in the schema errors' path style. */
  static List<String> errors(JsonNode data) {
    return firstProblem(data).map(List::of).orElse(List.of());
  }

  private static Optional<String> firstProblem(JsonNode data) {
    Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
    pending.push(Map.entry("$", data));
    while (!pending.isEmpty()) {
      var next = pending.pop();
      String path = next.getKey();
      JsonNode node = next.getValue();
      if (node.isTextual() && !storable(node.textValue())) {
        return Optional.of(path + ": " + PROBLEM);
      }
      if (node.isObject()) {
        for (var field : node.properties()) {
          String name = field.getKey();
          if (!storable(name)) {
            return Optional.of(path + ": a property name " + PROBLEM);
          }
          pending.push(Map.entry(path + "." + name, field.getValue()));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          pending.push(Map.entry(path + "[" + i + "]", node.get(i)));
        }
      }
    }
    return Optional.empty();
  }

  static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
