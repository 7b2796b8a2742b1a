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
    "asset-stored, asset-stored",
    "asset-rejected, asset-rejected",
    "asset-rejected-unparseable, asset-rejected"
  })
  void exampleValidatesAgainstItsSchema(String example, String schema) {
    Function<JsonNode, List<String>> validator =
        switch (schema) {
          case "media-generated" -> SCHEMAS::validateMediaGenerated;
          case "asset-stored" -> SCHEMAS::validateAssetStored;
          default -> SCHEMAS::validateAssetRejected;
        };

    assertThat(validator.apply(Fixtures.tree(Fixtures.example(example)))).isEmpty();
  }
}
