package io.mediakeep.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecodeGeneratedDefaultsTest {

  @Test
  void absentVariantRetentionAndParametersGetDefaults() throws Exception {
    ObjectNode data = Fixtures.imageData();
    data.remove("variant");
    data.remove("retention");
    ((ObjectNode) data.get("generation")).remove("parameters");

    MediaGenerated decoded =
        Fixtures.CODEC.decodeGenerated(Fixtures.imageHeaders(), Fixtures.bytes(data)).data();

    assertThat(decoded.variant()).isZero();
    assertThat(decoded.retention()).isEqualTo(Retention.PROJECT);
    assertThat(decoded.generation().parameters()).isEmpty();
  }

  @Test
  void decodesEveryFieldOfTheImageExample() throws Exception {
    GeneratedEvent event =
        Fixtures.CODEC.decodeGenerated(
            Fixtures.imageHeaders(), Fixtures.example("image-generated"));

    assertThat(event.kind()).isEqualTo(MediaKind.IMAGE);
    assertThat(event.envelope().id()).isEqualTo("3f9a1c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7");
    assertThat(event.envelope().time()).isEqualTo(Instant.parse("2025-11-21T09:15:02.345Z"));
    MediaGenerated data = event.data();
    assertThat(data.projectId()).isEqualTo(UUID.fromString("0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40"));
    assertThat(data.sceneId()).isEqualTo("scene-012");
    assertThat(data.version()).isEqualTo(3);
    assertThat(data.variant()).isEqualTo(1);
    assertThat(data.expiresAt()).isEqualTo(Instant.parse("2025-11-28T09:15:00Z"));
    assertThat(data.generation().seed()).isEqualTo(1234567890123L);
    assertThat(data.generation().parameters()).containsEntry("num_inference_steps", 28);
    assertThat(data.jobId()).isEqualTo("fal-req-6f1c2b9e");
  }

  @Test
  void ignoresUnknownFieldsForForwardCompatibility() throws Exception {
    ObjectNode data = Fixtures.imageData();
    data.put("futureField", "from a newer producer");

    MediaGenerated decoded =
        Fixtures.CODEC.decodeGenerated(Fixtures.imageHeaders(), Fixtures.bytes(data)).data();

    assertThat(decoded.sceneId()).isEqualTo("scene-012");
  }

  @Test
  void acceptsRfc3339OffsetsInDataAndHeader() throws Exception {
    ObjectNode data = Fixtures.imageData();
    data.put("expiresAt", "2025-11-28T10:15:00+01:00");
    var headers = new LinkedHashMap<>(Fixtures.imageHeaders());
    headers.put("ce_time", "2025-11-21t10:15:02+01:00".getBytes(UTF_8));

    GeneratedEvent event = Fixtures.CODEC.decodeGenerated(headers, Fixtures.bytes(data));

    assertThat(event.data().expiresAt()).isEqualTo(Instant.parse("2025-11-28T09:15:00Z"));
    assertThat(event.envelope().time()).isEqualTo(Instant.parse("2025-11-21T09:15:02Z"));
  }
}
