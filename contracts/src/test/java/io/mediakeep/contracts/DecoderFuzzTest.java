package io.mediakeep.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the media-generated decoder with a bounded number of generated inputs (10,000, a few
 * seconds) on every build: arbitrary bytes, valid events with bytes flipped, cut or inserted, key
 * fields with path tricks spliced in, and arbitrary envelope headers. The decoder may only return
 * an event or throw InvalidEventException with a one-line detail, and every event it returns has
 * key fields that are each one safe path segment. jqwik prints the seed of a failure; rerun with it
 * through {@code @Property(seed = "...")}.
 */
class DecoderFuzzTest {

  private static final EventCodec CODEC = Fixtures.CODEC;
  private static final byte[] VALID = Fixtures.bytes(Fixtures.imageData());
  private static final Map<String, byte[]> HEADERS = Fixtures.imageHeaders();

  /** A key prefix as the worker builds it, when every field is what the contract allows. */
  private static final String SAFE_KEY_PREFIX =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/"
          + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/"
          + "[A-Za-z0-9_-]{1,64}/v[1-9][0-9]{0,6}-[0-9]{1,4}-";

  private static final List<String> SNIPPETS =
      List.of(
          "..",
          "../",
          "/",
          "//",
          "\\",
          "\\\\",
          "%2F",
          "%2e%2e",
          "%00",
          "\\u0000",
          "\\u002e",
          "\\u002f",
          "\\ud800",
          "\u0000",
          "\n",
          "\r\n",
          "\t",
          "\ufeff",
          "\uff0f",
          "\uff0e",
          "\u2215",
          "\u0430",
          "\u200b",
          "\"",
          "'",
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"\"",
          "null",
          "true",
          "-1",
          "0",
          "1e400",
          "NaN",
          "9999999999",
          "\"ownerId\":\"../x\",",
          "\"sceneId\":\"..\",",
          "\"version\":1,",
          "\"a\":[[[[[[[[",
          "\u00e9",
          "\ud83d\ude00");

  private static final List<String> HEADER_NAMES =
      List.of(
          "ce_specversion",
          "ce_id",
          "ce_source",
          "ce_type",
          "ce_time",
          "ce_subject",
          "content-type",
          "Content-Type",
          "ce_datacontenttype");

  @Property(tries = 3000)
  void arbitraryBytesAreRejectedNeverThrown(@ForAll("anyValue") byte[] value) {
    decodeSafelyOrReject(HEADERS, value);
  }

  @Property(tries = 4000)
  void mutatedValidEventsAreSafeOrRejected(@ForAll("mutatedValue") byte[] value) {
    decodeSafelyOrReject(HEADERS, value);
  }

  @Property(tries = 1500)
  void keyFieldsWithSplicedCharactersAreSafeOrRejected(@ForAll("keyFieldEdit") byte[] value) {
    decodeSafelyOrReject(HEADERS, value);
  }

  @Property(tries = 1500)
  void arbitraryHeadersAreSafeOrRejected(@ForAll("headerEdit") Map<String, byte[]> headers) {
    decodeSafelyOrReject(headers, VALID);
  }

  private static void decodeSafelyOrReject(Map<String, byte[]> headers, byte[] value) {
    GeneratedEvent event;
    try {
      event = CODEC.decodeGenerated(headers, value);
    } catch (InvalidEventException e) {
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.getMessage().chars().noneMatch(Character::isISOControl))
          .as("detail without control characters: %s", e.getMessage())
          .isTrue();
      return;
    }
    MediaGenerated data = event.data();
    String keyPrefix =
        data.ownerId()
            + "/"
            + data.projectId()
            + "/"
            + data.sceneId()
            + "/v"
            + data.version()
            + "-"
            + data.variant()
            + "-";
    assertThat(keyPrefix).matches(SAFE_KEY_PREFIX).startsWith(data.ownerId() + "/");
    assertThat(data.variant()).isBetween(0, 1000);
    assertThat(event.envelope().id().chars().noneMatch(Character::isISOControl)).isTrue();
  }

  @Provide
  Arbitrary<byte[]> anyValue() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(2000),
        Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(UTF_8)),
        Arbitraries.strings()
            .withChars("{}[]\":,0123456789.-eE truenullfas\\u")
            .ofMaxLength(300)
            .map(s -> s.getBytes(UTF_8)));
  }

  @Provide
  Arbitrary<byte[]> mutatedValue() {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    Arbitrary<UnaryOperator<byte[]>> flip =
        Combinators.combine(at, Arbitraries.integers().between(1, 255))
            .as((p, mask) -> bytes -> flip(bytes, p, mask));
    Arbitrary<UnaryOperator<byte[]>> cut =
        at.map(p -> bytes -> Arrays.copyOf(bytes, p % (bytes.length + 1)));
    Arbitrary<UnaryOperator<byte[]>> insert =
        Combinators.combine(at, Arbitraries.of(SNIPPETS))
            .as((p, snippet) -> bytes -> insert(bytes, p, snippet.getBytes(UTF_8)));
    return Arbitraries.oneOf(flip, cut, insert)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            edits -> {
              byte[] bytes = VALID.clone();
              for (UnaryOperator<byte[]> edit : edits) {
                bytes = edit.apply(bytes);
              }
              return bytes;
            });
  }

  @Provide
  Arbitrary<byte[]> keyFieldEdit() {
    Arbitrary<String> field =
        Arbitraries.of("ownerId", "projectId", "sceneId", "version", "variant");
    Arbitrary<String> spliced =
        Arbitraries.oneOf(Arbitraries.of(SNIPPETS), Arbitraries.strings().all().ofMaxLength(3));
    return Combinators.combine(field, spliced, Arbitraries.integers().between(0, 40))
        .as(
            (name, text, p) -> {
              ObjectNode data = Fixtures.imageData();
              String value = data.get(name).asText();
              int at = Math.min(p, value.length());
              data.put(name, value.substring(0, at) + text + value.substring(at));
              return Fixtures.bytes(data);
            });
  }

  @Provide
  Arbitrary<Map<String, byte[]>> headerEdit() {
    Arbitrary<byte[]> value =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
            Arbitraries.strings().all().ofMaxLength(40).map(s -> s.getBytes(UTF_8)),
            Arbitraries.of(SNIPPETS).map(s -> ("1.0" + s).getBytes(UTF_8)),
            Arbitraries.just(null));
    return Combinators.combine(Arbitraries.of(HEADER_NAMES), value)
        .as(HeaderEdit::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(
            edits -> {
              var headers = new LinkedHashMap<>(HEADERS);
              edits.forEach(
                  e -> {
                    if (e.value() == null) {
                      headers.remove(e.name());
                    } else {
                      headers.put(e.name(), e.value());
                    }
                  });
              return headers;
            });
  }

  /** Sets a header to a value, or removes it when the value is null. */
  private record HeaderEdit(String name, byte[] value) {}

  private static byte[] flip(byte[] bytes, int position, int mask) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    copy[position % copy.length] ^= (byte) mask;
    return copy;
  }

  private static byte[] insert(byte[] bytes, int position, byte[] snippet) {
    int at = position % (bytes.length + 1);
    byte[] out = new byte[bytes.length + snippet.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(snippet, 0, out, at, snippet.length);
    System.arraycopy(bytes, at, out, at + snippet.length, bytes.length - at);
    return out;
  }
}
