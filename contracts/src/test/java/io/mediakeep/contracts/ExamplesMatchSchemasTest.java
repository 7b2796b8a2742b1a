package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExamplesMatchSchemasTest {

  private static final EventSchemas SCHEMAS = new EventSchemas();

  @ParameterizedTest
  @CsvSource({
    "image-generated, media-generated",
    "video-generated, media-generated",
    "image-generated-data-uri, media-generated",
    "frame-generated, media-generated",
    "asset-stored, asset-stored",
    "asset-rejected, asset-rejected",
    "asset-rejected-unparseable, asset-rejected",
    "asset-rejected-command, asset-rejected",
    "asset-promote, media.asset.promote",
    "asset-delete, media.asset.delete",
    "owner-purge, media.owner.purge",
    "asset-promoted, media.asset.promoted",
    "asset-expired, media.asset.expired",
    "asset-deleted, media.asset.deleted",
    "asset-lost, media.asset.lost",
    "owner-purged, media.owner.purged"
  })
  void exampleValidatesAgainstItsSchema(String example, String schema) {
    Function<JsonNode, List<String>> validator =
        switch (schema) {
          case "media-generated" -> SCHEMAS::validateMediaGenerated;
          case "asset-stored" -> SCHEMAS::validateAssetStored;
          case "asset-rejected" -> SCHEMAS::validateAssetRejected;
          default -> data -> SCHEMAS.validate(schema, data);
        };

    assertThat(validator.apply(Fixtures.tree(Fixtures.example(example)))).isEmpty();
  }
}
