package io.mediakeep.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Example files and a known-good input event for tests to start from. */
final class Fixtures {

  static final EventCodec CODEC = new EventCodec();

  private Fixtures() {}

  static byte[] resource(String path) {
    try (InputStream in = EventCodec.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(byte[] json) {
    try {
      return EventCodec.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] example(String name) {
    return resource("examples/" + name + ".json");
  }

  /** The sibling {@code <name>.headers.json} as Kafka headers. */
  static Map<String, byte[]> exampleHeaders(String name) {
    return headers(tree(resource("examples/" + name + ".headers.json")));
  }

  static Map<String, byte[]> headers(JsonNode object) {
    var headers = new LinkedHashMap<String, byte[]>();
    object
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asText().getBytes(UTF_8)));
    return headers;
  }

  static Map<String, byte[]> imageHeaders() {
    return exampleHeaders("image-generated");
  }

  static ObjectNode imageData() {
    return (ObjectNode) tree(example("image-generated"));
  }

  static byte[] bytes(JsonNode node) {
    try {
      return EventCodec.json().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds the defaults of media-generated data, top level or as a rejected event's input. */
  static JsonNode withGeneratedDefaults(JsonNode data) {
    ObjectNode copy = (ObjectNode) data.deepCopy();
    ObjectNode generated = copy.has("input") ? (ObjectNode) copy.get("input") : copy;
    if (generated != null && generated.has("generation")) {
      if (!generated.has("variant")) {
        generated.put("variant", 0);
      }
      if (!generated.has("retention")) {
        generated.put("retention", "project");
      }
      ObjectNode generation = (ObjectNode) generated.get("generation");
      if (!generation.has("parameters")) {
        generation.putObject("parameters");
      }
    }
    return copy;
  }
}
