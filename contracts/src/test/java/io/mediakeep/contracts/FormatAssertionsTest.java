package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Draft 2020-12 only annotates "format" unless assertions are switched on; these prove the schemas
 * really reject bad UUIDs and timestamps (the type alone would let any string through).
 */
class FormatAssertionsTest {

  private static final EventSchemas SCHEMAS = new EventSchemas();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-a-uuid",
        "0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f4",
        "0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40-00",
        "0b6f7a523c1e4d8a9f2b5e7c1a2d3f40",
        "1-1-1-1-1",
        "zb6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40"
      })
  void rejectsMalformedUuid(String uuid) {
    ObjectNode data = Fixtures.imageData();
    data.put("projectId", uuid);

    assertThat(SCHEMAS.validateMediaGenerated(data))
        .singleElement()
        .asString()
        .startsWith("$.projectId:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-11-28", "2025-11-28T09:15:00", "2025-13-28T09:15:00Z", "tomorrow"})
  void rejectsMalformedDateTime(String dateTime) {
    ObjectNode data = Fixtures.imageData();
    data.put("expiresAt", dateTime);

    assertThat(SCHEMAS.validateMediaGenerated(data))
        .singleElement()
        .asString()
        .startsWith("$.expiresAt:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eventId", "assetId", "ownerId", "projectId"})
  void assetStoredChecksItsUuidsToo(String field) {
    ObjectNode data = (ObjectNode) Fixtures.tree(Fixtures.example("asset-stored"));
    data.put(field, "nope");

    assertThat(SCHEMAS.validateAssetStored(data)).singleElement().asString().contains(field);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0B6F7A52-3C1E-4D8A-9F2B-5E7C1A2D3F40"})
  void acceptsUppercaseUuid(String uuid) {
    ObjectNode data = Fixtures.imageData();
    data.put("projectId", uuid);

    assertThat(SCHEMAS.validateMediaGenerated(data)).isEmpty();
  }
}
