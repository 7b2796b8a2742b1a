package io.mediakeep.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SceneOrderingTest {

  private final SceneOrdering ordering = new SceneOrdering();

  private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
    return new ConsumerRecord<>(
        "t",
        0,
        0,
        key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSceneIsTheKeyWhateverTheFieldOrder() {
    Object a =
        ordering.apply(
            record(
                "p",
                "{\"generation\":{\"sceneId\":\"x\"},\"sceneId\":\"s1\",\"version\":2,\"projectId\":\"p\"}"));
    Object b =
        ordering.apply(record("p", "{\"projectId\":\"p\",\"sceneId\":\"s1\",\"version\":7}"));
    assertThat(a).isEqualTo("p/s1/0").isEqualTo(b);
  }

  @Test
  void scenesAndVariantsOfOneProjectAreDifferentKeys() {
    assertThat(ordering.apply(record("p", "{\"projectId\":\"p\",\"sceneId\":\"s1\"}")))
        .isNotEqualTo(ordering.apply(record("p", "{\"projectId\":\"p\",\"sceneId\":\"s2\"}")));
    assertThat(
            ordering.apply(record("p", "{\"projectId\":\"p\",\"sceneId\":\"s1\",\"variant\":1}")))
        .isEqualTo("p/s1/1");
  }

  @Test
  void anythingElseFallsBackToTheRecordKey() {
    ByteBuffer key = ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8));
    assertThat(ordering.apply(record("p", "not json"))).isEqualTo(key);
    assertThat(ordering.apply(record("p", "[1,2]"))).isEqualTo(key);
    assertThat(ordering.apply(record("p", "{\"projectId\":\"p\"}"))).isEqualTo(key);
    assertThat(ordering.apply(record("p", null))).isEqualTo(key);
  }
}
