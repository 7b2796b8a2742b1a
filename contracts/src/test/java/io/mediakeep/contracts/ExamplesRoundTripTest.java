package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each example decodes into the records, and encoding gives back the same JSON. */
class ExamplesRoundTripTest {

  private static final String SOURCE = "//mediakeep/test";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "image-generated",
        "video-generated",
        "image-generated-data-uri",
        "frame-generated"
      })
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
  @ValueSource(strings = {"asset-rejected", "asset-rejected-unparseable", "asset-rejected-command"})
  void rejectedExampleRoundTrips(String name) throws Exception {
    byte[] value = Fixtures.example(name);
    AssetRejected first = Fixtures.CODEC.decodeRejected(Fixtures.exampleHeaders(name), value);

    KafkaMessage encoded = Fixtures.CODEC.encodeRejected(first, SOURCE);
    AssetRejected second = Fixtures.CODEC.decodeRejected(encoded.headers(), encoded.value());

    assertThat(second).isEqualTo(first);
    assertSameJson(value, encoded.value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"asset-promote", "asset-delete", "owner-purge"})
  void commandExampleRoundTrips(String name) throws Exception {
    byte[] value = Fixtures.example(name);
    CommandEvent first = Fixtures.CODEC.decodeCommand(Fixtures.exampleHeaders(name), value);

    KafkaMessage encoded =
        Fixtures.CODEC.encodeCommand(
            first.envelope().id(),
            first.envelope().source(),
            first.command(),
            first.envelope().time());
    CommandEvent second = Fixtures.CODEC.decodeCommand(encoded.headers(), encoded.value());

    assertThat(second.command()).isEqualTo(first.command());
    assertThat(second.envelope().type()).isEqualTo(first.envelope().type());
    assertThat(encoded.key()).isEqualTo(first.command().ownerId().toString());
    assertSameJson(value, encoded.value());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"asset-promoted", "asset-expired", "asset-deleted", "asset-lost", "owner-purged"})
  void lifecycleExampleRoundTrips(String name) throws Exception {
    byte[] value = Fixtures.example(name);
    Map<String, byte[]> headers = Fixtures.exampleHeaders(name);
    LifecycleEvent first = Fixtures.CODEC.decodeLifecycle(headers, value);

    KafkaMessage encoded = Fixtures.CODEC.encodeLifecycle(first, SOURCE);
    LifecycleEvent second = Fixtures.CODEC.decodeLifecycle(encoded.headers(), encoded.value());

    assertThat(second).isEqualTo(first);
    assertThat(encoded.key()).isEqualTo(first.ownerId().toString());
    assertThat(encoded.header(CloudEventHeaders.ID)).isEqualTo(first.eventId().toString());
    assertThat(encoded.header(CloudEventHeaders.TYPE))
        .isEqualTo(new String(headers.get(CloudEventHeaders.TYPE), StandardCharsets.UTF_8));
    assertSameJson(value, encoded.value());
    assertThat(EventCodec.lifecycleFromJson(first.eventType(), EventCodec.lifecycleJson(first)))
        .isEqualTo(first);
  }

  /** Exactly the example's JSON, once the defaults a decoder fills in are added to it. */
  private static void assertSameJson(byte[] example, byte[] encoded) {
    JsonNode expected = Fixtures.withGeneratedDefaults(Fixtures.tree(example));
    assertThat(Fixtures.tree(encoded)).isEqualTo(expected);
  }
}
