package io.mediakeep.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Encodes and decodes mediakeep's CloudEvents (Kafka binary mode, JSON data) and validates data
 * against the bundled JSON Schemas; thread-safe once constructed.
 */
public final class EventCodec {

  /** Values larger than this are rejected before parsing. */
  public static final int MAX_EVENT_BYTES = 1_048_576;

  private static final ObjectMapper SHARED = Json.newMapper();

  private static final List<String> GENERATED_TYPES =
      List.of(EventTypes.IMAGE_GENERATED, EventTypes.VIDEO_GENERATED);

  // The schema validator uses java.util.regex with find(), where "$" also matches before a final
  // line terminator, so "abc\n" would pass the schema pattern. sceneId ends up in object keys.
  private static final Pattern SCENE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final EventSchemas schemas;
  private final Function<JsonNode, List<String>> mediaGenerated;

  /** Loads and compiles the three JSON Schemas; do this once and share the codec. */
  public EventCodec() {
    this.schemas = new EventSchemas();
    // Only input is held to this: an asset-rejected event quotes hostile input as it came.
    this.mediaGenerated =
        tree -> {
          List<String> unstorable = StorableText.errors(tree);
          return unstorable.isEmpty() ? schemas.validateMediaGenerated(tree) : unstorable;
        };
  }

  /**
   * The shared mapper configured like the codec's: java.time support, ISO-8601 instants, null
   * properties left out, unknown properties ignored. Do not reconfigure it; {@code copy()} it.
   */
  public static ObjectMapper json() {
    return SHARED;
  }

  /**
   * Decodes and validates a media-generated record. Every failure, whatever its cause, is an {@link
   * InvalidEventException} with a short detail.
   */
  public GeneratedEvent decodeGenerated(Map<String, byte[]> headers, byte[] value)
      throws InvalidEventException {
    try {
      CloudEvent envelope = Envelopes.read(headers, value, GENERATED_TYPES);
      MediaGenerated data = EventData.read(envelope.data(), mediaGenerated, MediaGenerated.class);
      requireSceneId(data.sceneId(), "$.sceneId");
      return new GeneratedEvent(envelope, MediaKind.ofEventType(envelope.type()), data);
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /** Decodes and validates an asset-stored record. */
  public AssetStored decodeStored(Map<String, byte[]> headers, byte[] value)
      throws InvalidEventException {
    try {
      CloudEvent envelope = Envelopes.read(headers, value, List.of(EventTypes.ASSET_STORED));
      AssetStored data =
          EventData.read(envelope.data(), schemas::validateAssetStored, AssetStored.class);
      requireSceneId(data.sceneId(), "$.sceneId");
      return data;
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /** Decodes and validates an asset-rejected record. */
  public AssetRejected decodeRejected(Map<String, byte[]> headers, byte[] value)
      throws InvalidEventException {
    try {
      CloudEvent envelope = Envelopes.read(headers, value, List.of(EventTypes.ASSET_REJECTED));
      AssetRejected data =
          EventData.read(envelope.data(), schemas::validateAssetRejected, AssetRejected.class);
      if (data.input() != null) {
        requireSceneId(data.input().sceneId(), "$.input.sceneId");
      }
      return data;
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /** Encodes a media-generated event keyed by its projectId. */
  public KafkaMessage encodeGenerated(
      String id, String source, MediaKind kind, MediaGenerated data, Instant time) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(data.projectId(), "data.projectId");
    var event =
        new CloudEvent(id, source, kind.generatedEventType(), time, null, EventData.write(data));
    return Envelopes.write(data.projectId().toString(), event);
  }

  /** Encodes an asset-stored event: ce_id is the eventId, ce_subject the objectKey. */
  public KafkaMessage encodeStored(AssetStored event, String source) {
    Objects.requireNonNull(event.projectId(), "event.projectId");
    var envelope =
        new CloudEvent(
            event.eventId().toString(),
            source,
            EventTypes.ASSET_STORED,
            event.storedAt(),
            event.objectKey(),
            EventData.write(event));
    return Envelopes.write(event.projectId().toString(), envelope);
  }

  /**
   * Encodes an asset-rejected event, keyed by the input's projectId so it stays in order with the
   * project's other events; without a parsed input, by the causationId, else by the eventId.
   */
  public KafkaMessage encodeRejected(AssetRejected event, String source) {
    String key =
        event.input() != null && event.input().projectId() != null
            ? event.input().projectId().toString()
            : event.causationId() != null ? event.causationId() : event.eventId().toString();
    var envelope =
        new CloudEvent(
            event.eventId().toString(),
            source,
            EventTypes.ASSET_REJECTED,
            event.rejectedAt(),
            null,
            EventData.write(event));
    return Envelopes.write(key, envelope);
  }

  private static void requireSceneId(String sceneId, String path) throws InvalidEventException {
    if (sceneId != null && !SCENE_ID.matcher(sceneId).matches()) {
      throw new InvalidEventException(
          path + ": does not match the regex pattern ^[A-Za-z0-9_-]{1,64}$");
    }
  }

  private static InvalidEventException unexpected(RuntimeException e) {
    return new InvalidEventException(
        "could not decode event: %s: %s"
            .formatted(e.getClass().getSimpleName(), EventData.shorten(e)),
        e);
  }
}
