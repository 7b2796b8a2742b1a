package io.mediakeep.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The event JSON Schemas, compiled once and safe to share between threads. */
final class EventSchemas {

  static final String BASE_IRI = "https://mediakeep.io/schemas/";
  static final String MEDIA_GENERATED = "media-generated.v1.schema.json";
  static final String ASSET_STORED = "asset-stored.v1.schema.json";
  static final String ASSET_REJECTED = "asset-rejected.v1.schema.json";

  /** The schema of each command and lifecycle event, by ce_type. */
  static final Map<String, String> BY_TYPE =
      Map.of(
          EventTypes.ASSET_PROMOTE, "asset-promote.v1.schema.json",
          EventTypes.ASSET_DELETE, "asset-delete.v1.schema.json",
          EventTypes.OWNER_PURGE, "owner-purge.v1.schema.json",
          EventTypes.ASSET_PROMOTED, "asset-promoted.v1.schema.json",
          EventTypes.ASSET_EXPIRED, "asset-expired.v1.schema.json",
          EventTypes.ASSET_DELETED, "asset-deleted.v1.schema.json",
          EventTypes.ASSET_LOST, "asset-lost.v1.schema.json",
          EventTypes.OWNER_PURGED, "owner-purged.v1.schema.json");

  private static final int MAX_MESSAGES = 5;
  private static final int MAX_MESSAGE_CHARS = 200;

  private final JsonSchema mediaGenerated;
  private final JsonSchema assetStored;
  private final JsonSchema assetRejected;
  private final Map<String, JsonSchema> byType = new HashMap<>();

  EventSchemas() {
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.add(new ResourceLoader())));
    // Draft 2020-12 treats "format" as an annotation by default; we want bad UUIDs and dates out.
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            // Details end up in rejection events; keep them the same whatever the host's locale.
            .locale(Locale.ENGLISH)
            .build();
    mediaGenerated = compile(factory, config, MEDIA_GENERATED);
    assetStored = compile(factory, config, ASSET_STORED);
    assetRejected = compile(factory, config, ASSET_REJECTED);
    BY_TYPE.forEach((type, name) -> byType.put(type, compile(factory, config, name)));
  }

  List<String> validateMediaGenerated(JsonNode data) {
    return validate(mediaGenerated, data);
  }

  List<String> validateAssetStored(JsonNode data) {
    return validate(assetStored, data);
  }

  List<String> validateAssetRejected(JsonNode data) {
    return validate(assetRejected, data);
  }

  /** Validates the data of a command or lifecycle event of the given ce_type. */
  List<String> validate(String type, JsonNode data) {
    JsonSchema schema = byType.get(type);
    if (schema == null) {
      throw new IllegalArgumentException("no schema for type " + type);
    }
    return validate(schema, data);
  }

  /**
   * Joins validation errors into one short detail line; the full list would be unbounded. Control
   * characters (property names are the producer's) become spaces, so the line stays one line.
   */
  static String summarize(List<String> errors) {
    String shown = String.join("; ", errors.subList(0, Math.min(MAX_MESSAGES, errors.size())));
    int hidden = errors.size() - MAX_MESSAGES;
    return EventData.oneLine(hidden > 0 ? shown + "; and " + hidden + " more" : shown);
  }

  private static JsonSchema compile(
      JsonSchemaFactory factory, SchemaValidatorsConfig config, String name) {
    JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE_IRI + name), config);
    schema.initializeValidators();
    return schema;
  }

  private static List<String> validate(JsonSchema schema, JsonNode data) {
    return schema.validate(data).stream()
        .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()))
        .map(EventSchemas::shorten)
        .distinct()
        .toList();
  }

  private static String shorten(ValidationMessage message) {
    String text = message.getMessage();
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  /**
   * Serves our schema IRIs from this jar. An unknown name fails here rather than falling through to
   * the library's default loaders, which would try to fetch it over the network.
   */
  private static final class ResourceLoader implements SchemaLoader {
    @Override
    public InputStreamSource getSchema(AbsoluteIri iri) {
      String text = iri.toString();
      if (!text.startsWith(BASE_IRI)) {
        return null;
      }
      String resource = "schemas/" + text.substring(BASE_IRI.length());
      return () -> {
        InputStream in = EventSchemas.class.getResourceAsStream(resource);
        if (in == null) {
          throw new FileNotFoundException("no bundled schema " + text);
        }
        return in;
      };
    }
  }
}
