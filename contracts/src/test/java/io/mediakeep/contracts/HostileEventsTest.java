package io.mediakeep.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input written to break out of {@code {ownerId}/} or to crash the decoder: every field that
 * reaches the object key (ownerId, projectId, sceneId, version, variant), the envelope attributes,
 * the encoding and the size and shape of the JSON. Each is an InvalidEventException whose detail
 * names the field or the rule, which the worker turns into an INVALID_EVENT rejection.
 */
class HostileEventsTest {

  private static final String OWNER = "7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c51";

  /** Path tricks and look-alikes for a key segment; none may survive any key field. */
  private static final List<String> TRAVERSALS =
      List.of(
          "..",
          "../x",
          "a/../../b",
          "..%2F..%2Fx",
          "%2e%2e",
          "a\\b",
          "..\\..\\x",
          "a\u0000b",
          "a/b",
          "/abs",
          "a\nb",
          "abc\n",
          " abc",
          "\uff0e\uff0e\uff0fx", // fullwidth ".." and "/"
          "a\u2215b", // division slash
          "a\u2044b", // fraction slash
          "\u0430bc", // Cyrillic a
          "scene\u200b", // zero-width space
          "");

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void isRejectedWithADetailNamingTheField(
      String name, Map<String, byte[]> headers, byte[] value, String expectedDetail) {
    assertThatThrownBy(() -> Fixtures.CODEC.decodeGenerated(headers, value))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining(expectedDetail)
        .hasMessageNotContaining("\n");
  }

  static Stream<Arguments> hostile() {
    List<Arguments> cases = new ArrayList<>();
    for (String field : List.of("ownerId", "projectId", "sceneId")) {
      for (String trick : TRAVERSALS) {
        cases.add(data(field + " = " + visible(trick), d -> d.put(field, trick), "$." + field));
      }
      cases.add(data(field + " as number", d -> d.put(field, 42), "$." + field));
      cases.add(data(field + " as null", d -> d.putNull(field), "$." + field));
      cases.add(data(field + " as object", d -> d.putObject(field), "$." + field));
      cases.add(data(field + " as array", d -> d.putArray(field).add("x"), "$." + field));
      cases.add(data(field + " missing", d -> d.remove(field), "'" + field + "'"));
    }
    for (String field : List.of("ownerId", "projectId")) {
      cases.add(data(field + " in braces", d -> d.put(field, "{" + OWNER + "}"), "$." + field));
      cases.add(data(field + " as URN", d -> d.put(field, "urn:uuid:" + OWNER), "$." + field));
      cases.add(data(field + " base64", d -> d.put(field, "fT6cFIorT26xwCqdjn9sUQ=="), field));
      cases.add(data(field + " + newline", d -> d.put(field, OWNER + "\n"), "$." + field));
      cases.add(
          data(
              field + " with fullwidth digit",
              d -> d.put(field, OWNER.replace('7', '\uff17')),
              "$." + field));
    }
    for (String field : List.of("version", "variant")) {
      cases.add(data(field + " as string", d -> d.put(field, "3"), "$." + field));
      cases.add(data(field + " as '../1'", d -> d.put(field, "../1"), "$." + field));
      cases.add(data(field + " as boolean", d -> d.put(field, true), "$." + field));
      cases.add(data(field + " as null", d -> d.putNull(field), "$." + field));
      cases.add(data(field + " as 1.5", d -> d.put(field, 1.5), "$." + field));
      cases.add(data(field + " negative", d -> d.put(field, -1), "$." + field));
      cases.add(data(field + " beyond int", d -> d.put(field, 1L << 40), "$." + field));
      cases.add(raw(field + " 1e400", replaceNumber(field, "1e400"), "$." + field));
      cases.add(raw(field + " NaN", replaceNumber(field, "NaN"), "data is not valid JSON"));
    }
    cases.add(data("version missing", d -> d.remove("version"), "'version'"));

    cases.add(header("ce_specversion 0.3", "ce_specversion", "0.3", "ce_specversion is '0.3'"));
    cases.add(header("ce_specversion 2.0", "ce_specversion", "2.0", "ce_specversion is '2.0'"));
    cases.add(header("ce_specversion 1", "ce_specversion", "1", "ce_specversion is '1'"));
    cases.add(header("ce_specversion 1.0 + LF", "ce_specversion", "1.0\n", "ce_specversion"));
    cases.add(header("ce_specversion empty", "ce_specversion", "", "ce_specversion is ''"));
    cases.add(headers("ce_specversion missing", h -> h.remove("ce_specversion"), "ce_specversion"));
    for (String attribute : List.of("ce_id", "ce_source", "ce_subject")) {
      cases.add(header(attribute + " with NUL", attribute, "a\u0000b", attribute + " header"));
      cases.add(header(attribute + " with LF", attribute, "a\nb", attribute + " header"));
      cases.add(header(attribute + " with DEL", attribute, "a\u007fb", attribute + " header"));
      cases.add(header(attribute + " with C1", attribute, "a\u0085b", attribute + " header"));
      cases.add(header(attribute + " noncharacter", attribute, "a\uffffb", attribute + " header"));
    }
    cases.add(header("ce_id of 100 KB", "ce_id", "i".repeat(100_000), "ce_id header is 100000"));
    cases.add(headers("ce_id missing", h -> h.remove("ce_id"), "ce_id header is missing"));
    cases.add(header("ce_id blank", "ce_id", "  ", "ce_id header is blank"));
    cases.add(
        Arguments.of(
            "ce_id with an overlong '/'",
            with(h -> h.put("ce_id", new byte[] {'a', (byte) 0xC0, (byte) 0xAF})),
            example(),
            "ce_id header is not valid UTF-8"));
    cases.add(
        header(
            "content-type charset utf-16",
            "content-type",
            "application/json; charset=utf-16",
            "read as UTF-8 only"));

    String json = new String(Fixtures.bytes(Fixtures.imageData()), UTF_8);
    cases.add(raw("UTF-8 byte order mark", bytes("\ufeff" + json), "byte order mark"));
    cases.add(raw("UTF-16LE", json.getBytes(StandardCharsets.UTF_16LE), "UTF-16 or UTF-32"));
    cases.add(raw("UTF-16BE", json.getBytes(StandardCharsets.UTF_16BE), "UTF-16 or UTF-32"));
    cases.add(raw("UTF-16 with BOM", json.getBytes(StandardCharsets.UTF_16), "UTF-16 or UTF-32"));
    cases.add(raw("UTF-32", json.getBytes(Charset.forName("UTF-32")), "UTF-16 or UTF-32"));
    cases.add(
        raw(
            "overlong '/' in sceneId",
            concat(
                bytes(json.substring(0, json.indexOf("scene-012"))),
                new byte[] {'a', (byte) 0xC0, (byte) 0xAF, 'b'},
                bytes(json.substring(json.indexOf("scene-012") + 9))),
            "data is not valid UTF-8 at byte"));
    cases.add(
        raw(
            "Latin-1 byte",
            json.replace("lighthouse", "l\u00eft").getBytes(StandardCharsets.ISO_8859_1),
            "UTF-8"));
    cases.add(
        raw(
            "CESU-8 surrogate",
            concat(
                bytes("{\"a\":\""),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                bytes("\"}")),
            "UTF-8"));

    cases.add(raw("trailing garbage", bytes(json + "x"), "data is not valid JSON"));
    cases.add(raw("trailing second object", bytes(json + "{}"), "data is not valid JSON"));
    cases.add(raw("trailing NUL", bytes(json + "\u0000"), "data is not valid JSON"));
    cases.add(raw("NUL before the JSON", bytes("\u0000" + json), "UTF-16 or UTF-32"));
    cases.add(raw("comment", bytes("/* x */" + json), "data is not valid JSON"));
    cases.add(
        raw(
            "duplicate ownerId",
            bytes(json.replaceFirst("\\{", "{\"ownerId\":\"" + OWNER + "\",")),
            "Duplicate field 'ownerId'"));
    cases.add(
        raw(
            "duplicate nested key",
            bytes(json.replace("\"model\":", "\"model\":\"x\",\"model\":")),
            "Duplicate field 'model'"));
    cases.add(
        data(
            "5 MiB JSON string field",
            d -> d.put("jobId", "j".repeat(5 * 1024 * 1024)),
            "record value is 52"));
    cases.add(
        raw(
            "100k nested arrays",
            bytes("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"),
            "nesting depth"));
    cases.add(
        raw(
            "100k nested objects",
            bytes("{" + "\"a\":{".repeat(100_000) + "}".repeat(100_001)),
            "nesting depth"));
    cases.add(
        raw(
            "101 levels in generation.parameters",
            bytes(
                json.replace(
                    "\"parameters\":{",
                    "\"parameters\":{\"deep\":" + "[".repeat(99) + "]".repeat(99) + ",")),
            "nesting depth"));
    cases.add(raw("a number of 2000 digits", replaceNumber("version", "1".repeat(2000)), "Number"));

    cases.add(
        data(
            "NUL escaped in prompt",
            d -> ((ObjectNode) d.get("generation")).put("prompt", "a\u0000b"),
            "$.generation.prompt: contains U+0000"));
    cases.add(
        data(
            "NUL in a parameter name",
            d -> ((ObjectNode) d.get("generation").get("parameters")).put("k\u0000", 1),
            "$.generation.parameters: a property name contains U+0000"));
    cases.add(
        raw(
            "unpaired surrogate escaped in jobId",
            bytes(json.replace("\"fal-req-6f1c2b9e\"", "\"\\ud800x\"")),
            "$.jobId: contains U+0000 or an unpaired surrogate"));
    return cases.stream();
  }

  private static Arguments data(String name, Consumer<ObjectNode> change, String expected) {
    ObjectNode data = Fixtures.imageData();
    change.accept(data);
    return Arguments.of(name, Fixtures.imageHeaders(), Fixtures.bytes(data), expected);
  }

  private static Arguments raw(String name, byte[] value, String expected) {
    return Arguments.of(name, Fixtures.imageHeaders(), value, expected);
  }

  private static Arguments header(String name, String header, String value, String expected) {
    return headers(name, h -> h.put(header, bytes(value)), expected);
  }

  private static Arguments headers(
      String name, Consumer<Map<String, byte[]>> change, String expected) {
    return Arguments.of(name, with(change), example(), expected);
  }

  private static Map<String, byte[]> with(Consumer<Map<String, byte[]>> change) {
    var headers = new LinkedHashMap<>(Fixtures.imageHeaders());
    change.accept(headers);
    return headers;
  }

  private static byte[] replaceNumber(String field, String literal) {
    ObjectNode data = Fixtures.imageData();
    data.put(field, 424242);
    return bytes(new String(Fixtures.bytes(data), UTF_8).replace("424242", literal));
  }

  private static byte[] example() {
    return Fixtures.example("image-generated");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** A test name without control characters, so reports stay readable. */
  private static String visible(String text) {
    var out = new StringBuilder("'");
    text.codePoints()
        .forEach(
            c -> out.append(c < 0x20 || c > 0x7e ? "\\u%04x".formatted(c) : Character.toString(c)));
    return out.append('\'').toString();
  }
}
