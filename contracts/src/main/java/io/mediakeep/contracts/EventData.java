package io.mediakeep.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Turns event data bytes into validated records and records into bytes, with short errors. */
final class EventData {

  // Not the mapper EventCodec.json() hands out, so reconfiguring that one cannot change the codec.
  private static final ObjectMapper MAPPER = Json.newMapper();

  private static final int MAX_DETAIL_CHARS = 300;

  private EventData() {}

  static <T> T read(byte[] bytes, Function<JsonNode, List<String>> validator, Class<T> type)
      throws InvalidEventException {
    return map(readValid(bytes, validator), type);
  }

  /** Parses the data and validates it, without mapping it to a record yet. */
  static JsonNode readValid(byte[] bytes, Function<JsonNode, List<String>> validator)
      throws InvalidEventException {
    JsonNode tree = parse(bytes);
    List<String> errors = validator.apply(tree);
    if (!errors.isEmpty()) {
      throw new InvalidEventException(EventSchemas.summarize(errors));
    }
    return tree;
  }

  static <T> T map(JsonNode tree, Class<T> type) throws InvalidEventException {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          "data does not map to %s: %s".formatted(type.getSimpleName(), shorten(e)), e);
    }
  }

  private static JsonNode parse(byte[] bytes) throws InvalidEventException {
    String text = JsonText.decode(bytes);
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new InvalidEventException(
          where == null
              ? "data is not valid JSON: " + shorten(e)
              : "data is not valid JSON at line %d, column %d: %s"
                  .formatted(where.getLineNr(), where.getColumnNr(), shorten(e)),
          e);
    } catch (IOException e) {
      throw new InvalidEventException("data could not be read: " + shorten(e), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidEventException("data is empty, expected a JSON object");
    }
    if (!tree.isObject()) {
      throw new InvalidEventException(
          "data is a JSON %s, expected an object"
              .formatted(tree.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return tree;
  }

  static byte[] write(Object data) {
    try {
      return MAPPER.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + data.getClass().getSimpleName(), e);
    }
  }

  /** Exception text for a detail line: Jackson's own message without its source excerpt. */
  static String shorten(Exception e) {
    String text =
        e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (text == null) {
      return e.getClass().getSimpleName();
    }
    text = oneLine(text);
    return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "...";
  }

  /**
   * The text with every control character, C1 included (parsers echo the producer's bytes), as a
   * space: details end up in log lines and events.
   */
  static String oneLine(String text) {
    var out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return out.toString();
  }
}
