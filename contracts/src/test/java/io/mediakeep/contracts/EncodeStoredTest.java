package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodeStoredTest {

  @Test
  void setsKeyAndCloudEventHeaders() throws Exception {
    AssetStored stored =
        Fixtures.CODEC.decodeStored(
            Fixtures.exampleHeaders("asset-stored"), Fixtures.example("asset-stored"));

    KafkaMessage message = Fixtures.CODEC.encodeStored(stored, "//mediakeep/worker-1");

    assertThat(message.key()).isEqualTo(stored.projectId().toString());
    assertThat(message.headers().keySet())
        .containsExactly(
            "ce_specversion",
            "ce_id",
            "ce_source",
            "ce_type",
            "ce_time",
            "ce_subject",
            "content-type");
    assertThat(message.header("ce_specversion")).isEqualTo("1.0");
    assertThat(message.header("ce_id")).isEqualTo(stored.eventId().toString());
    assertThat(message.header("ce_source")).isEqualTo("//mediakeep/worker-1");
    assertThat(message.header("ce_type")).isEqualTo("media.asset.stored");
    assertThat(message.header("ce_time")).isEqualTo("2025-11-21T09:15:04.118Z");
    assertThat(message.header("ce_subject")).isEqualTo(stored.objectKey());
    assertThat(message.header("content-type")).isEqualTo("application/json");
  }

  @Test
  void writesIsCurrentUnderThatName() throws Exception {
    AssetStored stored =
        Fixtures.CODEC.decodeStored(
            Fixtures.exampleHeaders("asset-stored"), Fixtures.example("asset-stored"));

    KafkaMessage message = Fixtures.CODEC.encodeStored(stored, "//mediakeep");

    var json = Fixtures.tree(message.value());
    assertThat(json.get("isCurrent").asBoolean()).isTrue();
    assertThat(json.has("current")).isFalse();
  }

  @Test
  void leavesOutNullOptionalFields() throws Exception {
    AssetStored stored =
        Fixtures.CODEC.decodeStored(
            Fixtures.exampleHeaders("asset-stored"), Fixtures.example("asset-stored"));

    var json = Fixtures.tree(Fixtures.CODEC.encodeStored(stored, "//mediakeep").value());

    assertThat(stored.durationMs()).isNull();
    assertThat(json.has("durationMs")).isFalse();
    assertThat(json.has("expiresAt")).isFalse();
  }
}
