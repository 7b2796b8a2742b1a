package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Each decoder accepts only its own ce_type, so a record on the wrong topic is caught. */
class DecodeOutputTypesTest {

  @Test
  void decodeStoredRefusesARejection() {
    assertThatThrownBy(
            () ->
                Fixtures.CODEC.decodeStored(
                    Fixtures.exampleHeaders("asset-rejected"), Fixtures.example("asset-stored")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("ce_type is 'media.asset.rejected', expected 'media.asset.stored'");
  }

  @Test
  void decodeRejectedRefusesAGeneratedEvent() {
    assertThatThrownBy(
            () ->
                Fixtures.CODEC.decodeRejected(
                    Fixtures.imageHeaders(), Fixtures.example("asset-rejected")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("expected 'media.asset.rejected'");
  }

  @Test
  void decodeRejectedValidatesTheEmbeddedInput() {
    var data = (ObjectNode) Fixtures.tree(Fixtures.example("asset-rejected"));
    ((ObjectNode) data.get("input")).put("version", 0);

    assertThatThrownBy(
            () ->
                Fixtures.CODEC.decodeRejected(
                    Fixtures.exampleHeaders("asset-rejected"), Fixtures.bytes(data)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("$.input.version");
  }
}
