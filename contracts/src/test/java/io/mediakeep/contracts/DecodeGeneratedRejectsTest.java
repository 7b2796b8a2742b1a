package io.mediakeep.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input of every kind becomes an InvalidEventException whose message names the problem. */
class DecodeGeneratedRejectsTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRecords")
  void rejectsWithUsefulDetail(
      String name, Map<String, byte[]> headers, byte[] value, String expectedDetail) {
    assertThatThrownBy(() -> Fixtures.CODEC.decodeGenerated(headers, value))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining(expectedDetail);
  }

  static Stream<Arguments> badRecords() {
    return Stream.of(
        raw("not JSON", "not json {", "data is not valid JSON at line 1"),
        raw("a JSON array", "[{\"projectId\":1}]", "data is a JSON array, expected an object"),
        raw("JSON null", "null", "data is a JSON null, expected an object"),
        raw("empty value", "", "data is empty"),
        raw("trailing garbage", "{} {}", "data is not valid JSON"),
        raw("duplicate key", "{\"version\":1,\"version\":2}", "Duplicate field 'version'"),
        headers("missing ce_id", h -> h.remove("ce_id"), "ce_id header is missing"),
        headers(
            "blank ce_source", h -> h.put("ce_source", bytes(" ")), "ce_source header is blank"),
        headers(
            "ce_specversion 0.3",
            h -> h.put("ce_specversion", bytes("0.3")),
            "ce_specversion is '0.3', expected '1.0'"),
        headers(
            "unknown ce_type",
            h -> h.put("ce_type", bytes("media.audio.generated")),
            "ce_type is 'media.audio.generated', expected one of"),
        headers(
            "wrong content-type",
            h -> h.put("content-type", bytes("text/plain")),
            "content-type is 'text/plain', expected 'application/json'"),
        headers(
            "structured mode",
            h -> h.put("content-type", bytes("application/cloudevents+json")),
            "structured mode is not supported"),
        headers(
            "wrong ce_datacontenttype",
            h -> h.put("ce_datacontenttype", bytes("application/xml")),
            "ce_datacontenttype is 'application/xml'"),
        headers(
            "bad ce_time",
            h -> h.put("ce_time", bytes("yesterday")),
            "ce_time is 'yesterday', expected an RFC 3339 timestamp"),
        headers(
            "header not UTF-8",
            h -> h.put("ce_id", new byte[] {(byte) 0xC3, (byte) 0x28}),
            "ce_id header is not valid UTF-8"),
        data("missing projectId", d -> d.remove("projectId"), "required property 'projectId'"),
        data("bad UUID", d -> d.put("ownerId", "not-a-uuid"), "$.ownerId"),
        data("version 0", d -> d.put("version", 0), "$.version: must have a minimum value of 1"),
        data("variant too big", d -> d.put("variant", 1001), "$.variant"),
        data("version as string", d -> d.put("version", "3"), "$.version: string found, integer"),
        data("sceneId ../x", d -> d.put("sceneId", "../x"), "$.sceneId"),
        data("sceneId with %2F", d -> d.put("sceneId", "a%2Fb"), "$.sceneId"),
        data("sceneId with NUL", d -> d.put("sceneId", "a\u0000b"), "$.sceneId"),
        // The schema validator's "$" accepts a final newline; the codec's own check must not.
        data("sceneId ending in newline", d -> d.put("sceneId", "abc\n"), "$.sceneId"),
        data("sceneId too long", d -> d.put("sceneId", "a".repeat(65)), "$.sceneId"),
        data("ftp sourceUrl", d -> d.put("sourceUrl", "ftp://host/file.png"), "$.sourceUrl"),
        data("retention unknown", d -> d.put("retention", "forever"), "$.retention"),
        data("expiresAt not a date", d -> d.put("expiresAt", "soon"), "$.expiresAt"),
        data("generation missing", d -> d.remove("generation"), "'generation'"),
        data(
            "generation without model",
            d -> ((ObjectNode) d.get("generation")).remove("model"),
            "$.generation: required property 'model'"),
        data(
            "prompt too long",
            d -> ((ObjectNode) d.get("generation")).put("prompt", "p".repeat(20_001)),
            "$.generation.prompt"),
        data(
            "seed beyond 64 bits",
            d ->
                ((ObjectNode) d.get("generation"))
                    .put("seed", new BigInteger("100000000000000000000")),
            "$.generation.seed"),
        raw("nesting deeper than Jackson allows", "[".repeat(5000), "data is not valid JSON"),
        Arguments.of(
            "value larger than MAX_EVENT_BYTES",
            Fixtures.imageHeaders(),
            new byte[EventCodec.MAX_EVENT_BYTES + 1],
            "record value is 1048577 bytes, more than the 1048576 byte limit"),
        Arguments.of("null value", Fixtures.imageHeaders(), null, "record value is null"),
        Arguments.of(
            "null headers", null, Fixtures.example("image-generated"), "ce_specversion header"));
  }

  private static Arguments raw(String name, String value, String expected) {
    return Arguments.of(name, Fixtures.imageHeaders(), bytes(value), expected);
  }

  private static Arguments headers(
      String name, Consumer<Map<String, byte[]>> change, String expected) {
    var headers = new LinkedHashMap<>(Fixtures.imageHeaders());
    change.accept(headers);
    return Arguments.of(name, headers, Fixtures.example("image-generated"), expected);
  }

  private static Arguments data(String name, Consumer<ObjectNode> change, String expected) {
    ObjectNode data = Fixtures.imageData();
    change.accept(data);
    return Arguments.of(name, Fixtures.imageHeaders(), Fixtures.bytes(data), expected);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
