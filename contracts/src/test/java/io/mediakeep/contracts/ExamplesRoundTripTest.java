package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each example decodes into the records, and encoding gives back the same JSON. */
class ExamplesRoundTripTest {

  private static final String SOURCE = "//mediakeep/test";

  @ParameterizedTest
  @ValueSource(strings = {"image-generated", "video-generated", "image-generated-data-uri"})
  void generatedExampleRoundTrips(String name) throws Exception {
    byte[] value = Fixtures.example(name);
    GeneratedEvent first = Fixtures.CODEC.decodeGenerated(Fixtures.exampleHeaders(name), value);

    KafkaMessage encoded =
        Fixtures.CODEC.encodeGenerated(
            first.envelope().id(),
            first.envelope().source(),
            first.kind(),
            first.data(),
            first.envelope().time());
    GeneratedEvent second = Fixtures.CODEC.decodeGenerated(encoded.headers(), encoded.value());

    assertThat(second.data()).isEqualTo(first.data());
    assertThat(second.kind()).isEqualTo(first.kind());
    assertSameJson(value, encoded.value());
  }

  @Test
  void storedExampleRoundTrips() throws Exception {
    String name = "asset-stored";
    byte[] value = Fixtures.example(name);
    AssetStored first = Fixtures.CODEC.decodeStored(Fixtures.exampleHeaders(name), value);

    KafkaMessage encoded = Fixtures.CODEC.encodeStored(first, SOURCE);
    AssetStored second = Fixtures.CODEC.decodeStored(encoded.headers(), encoded.value());

    assertThat(second).isEqualTo(first);
    assertSameJson(value, encoded.value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"asset-rejected", "asset-rejected-unparseable"})
  void rejectedExampleRoundTrips(String name) throws Exception {
    byte[] value = Fixtures.example(name);
    AssetRejected first = Fixtures.CODEC.decodeRejected(Fixtures.exampleHeaders(name), value);

    KafkaMessage encoded = Fixtures.CODEC.encodeRejected(first, SOURCE);
    AssetRejected second = Fixtures.CODEC.decodeRejected(encoded.headers(), encoded.value());

    assertThat(second).isEqualTo(first);
    assertSameJson(value, encoded.value());
  }

  /** Exactly the example's JSON, once the defaults a decoder fills in are added to it. */
  private static void assertSameJson(byte[] example, byte[] encoded) {
    JsonNode expected = Fixtures.withGeneratedDefaults(Fixtures.tree(example));
    assertThat(Fixtures.tree(encoded)).isEqualTo(expected);
  }
}
