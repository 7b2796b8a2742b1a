package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EncodeGeneratedRoundTripTest {

  private static final Instant TIME = Instant.parse("2025-11-21T09:15:02.123456789Z");

  @Test
  void decodesWhatItEncodes() throws Exception {
    var parameters = new LinkedHashMap<String, Object>();
    parameters.put("steps", 30);
    parameters.put("negative_prompt", null);
    MediaGenerated data =
        new MediaGenerated(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "scene_7",
            12,
            2,
            "https://replicate.delivery/x/out.mp4",
            Instant.parse("2025-11-21T10:00:00Z"),
            Retention.WORKSPACE,
            new Generation("replicate", "minimax/video-01", "waves", -5L, 1280, 720, parameters),
            null);

    KafkaMessage message =
        Fixtures.CODEC.encodeGenerated("evt-1", "//studio", MediaKind.VIDEO, data, TIME);
    GeneratedEvent decoded = Fixtures.CODEC.decodeGenerated(message.headers(), message.value());

    assertThat(message.key()).isEqualTo(data.projectId().toString());
    assertThat(decoded.data()).isEqualTo(data);
    assertThat(decoded.kind()).isEqualTo(MediaKind.VIDEO);
    assertThat(decoded.envelope())
        .isEqualTo(
            new CloudEvent(
                "evt-1", "//studio", "media.video.generated", TIME, null, message.value()));
    assertThat(decoded.data().generation().parameters()).containsEntry("negative_prompt", null);
  }

  @Test
  void omitsTimeHeaderWhenNoTimeIsGiven() throws Exception {
    MediaGenerated data =
        Fixtures.CODEC
            .decodeGenerated(Fixtures.imageHeaders(), Fixtures.example("image-generated"))
            .data();

    KafkaMessage message =
        Fixtures.CODEC.encodeGenerated("evt-2", "//studio", MediaKind.IMAGE, data, null);

    assertThat(message.headers()).doesNotContainKey("ce_time");
    assertThat(Fixtures.CODEC.decodeGenerated(message.headers(), message.value()).data())
        .isEqualTo(data);
  }
}
