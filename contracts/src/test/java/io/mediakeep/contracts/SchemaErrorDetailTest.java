package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SchemaErrorDetailTest {

  @Test
  void listsEverySchemaErrorInOneLine() {
    ObjectNode data = Fixtures.imageData();
    data.put("version", 0);
    data.put("sceneId", "../x");

    assertThatThrownBy(
            () -> Fixtures.CODEC.decodeGenerated(Fixtures.imageHeaders(), Fixtures.bytes(data)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("$.sceneId")
        .hasMessageContaining("$.version")
        .hasMessageNotContaining("\n");
  }

  @Test
  void capsTheListSoTheDetailStaysShort() {
    ObjectNode data = EventCodec.json().createObjectNode();
    for (int i = 0; i < 5; i++) {
      data.put("x" + i, i);
    }
    data.put("version", "many");
    data.put("variant", -1);
    data.put("sceneId", "");
    data.put("sourceUrl", "gopher://x");
    data.put("retention", "x");
    data.put("jobId", "j".repeat(201));

    assertThatThrownBy(
            () -> Fixtures.CODEC.decodeGenerated(Fixtures.imageHeaders(), Fixtures.bytes(data)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("more")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1200));
  }
}
