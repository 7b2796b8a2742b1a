package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rejection key keeps a project's events together whenever the project is known. */
class EncodeRejectedTest {

  private static final UUID EVENT_ID = UUID.fromString("6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e");

  @Test
  void keyIsTheInputProjectWhenTheInputWasDecoded() throws Exception {
    AssetRejected rejected =
        Fixtures.CODEC.decodeRejected(
            Fixtures.exampleHeaders("asset-rejected"), Fixtures.example("asset-rejected"));

    KafkaMessage message = Fixtures.CODEC.encodeRejected(rejected, "//mediakeep");

    assertThat(rejected.input()).isInstanceOf(MediaGenerated.class);
    assertThat(message.key()).isEqualTo(((MediaGenerated) rejected.input()).projectId().toString());
    assertThat(message.header("ce_id")).isEqualTo(rejected.eventId().toString());
    assertThat(message.header("ce_type")).isEqualTo("media.asset.rejected");
    assertThat(message.header("ce_time")).isEqualTo("2025-11-21T11:02:37.500Z");
  }

  @Test
  void aRejectedCommandIsQuotedAsTheCommandAndKeyedByItsOwner() throws Exception {
    AssetRejected rejected =
        Fixtures.CODEC.decodeRejected(
            Fixtures.exampleHeaders("asset-rejected-command"),
            Fixtures.example("asset-rejected-command"));

    KafkaMessage message = Fixtures.CODEC.encodeRejected(rejected, "//mediakeep");

    assertThat(rejected.input())
        .isEqualTo(
            new PromoteAsset(
                java.util.UUID.fromString("e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8"),
                java.util.UUID.fromString("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
                null,
                null));
    assertThat(message.key()).isEqualTo("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
  }

  @Test
  void anInputIsMediaGeneratedDataUnlessOriginalTypeNamesACommand() {
    var data =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Fixtures.tree(Fixtures.example("asset-rejected-command"));
    data.put("originalType", "com.example.other");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Fixtures.CODEC.decodeRejected(
                    Fixtures.exampleHeaders("asset-rejected-command"), Fixtures.bytes(data)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("$.input: required property 'projectId' not found");
  }

  @Test
  void keyIsTheCausationIdWithoutInput() {
    KafkaMessage message = Fixtures.CODEC.encodeRejected(rejected("input-ce-id"), "//mediakeep");

    assertThat(message.key()).isEqualTo("input-ce-id");
  }

  @Test
  void keyIsTheEventIdWithoutInputOrCausation() throws Exception {
    AssetRejected rejected = rejected(null);

    KafkaMessage message = Fixtures.CODEC.encodeRejected(rejected, "//mediakeep");

    assertThat(message.key()).isEqualTo(EVENT_ID.toString());
    assertThat(Fixtures.CODEC.decodeRejected(message.headers(), message.value()))
        .isEqualTo(rejected);
  }

  private static AssetRejected rejected(String causationId) {
    return new AssetRejected(
        EVENT_ID,
        causationId,
        RejectReason.INVALID_EVENT,
        "ce_id header is missing",
        1,
        Topics.MEDIA_GENERATED,
        2,
        99L,
        null,
        null,
        "e30=",
        Map.of("ce_specversion", "1.0"),
        Instant.parse("2025-11-21T08:00:00Z"));
  }
}
