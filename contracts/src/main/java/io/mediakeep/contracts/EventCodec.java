package io.mediakeep.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

  private static final Map<String, Class<? extends AssetCommand>> COMMAND_TYPES =
      Map.of(
          EventTypes.ASSET_PROMOTE, PromoteAsset.class,
          EventTypes.ASSET_DELETE, DeleteAsset.class,
          EventTypes.OWNER_PURGE, PurgeOwner.class);

  private static final Map<String, Class<? extends LifecycleEvent>> LIFECYCLE_TYPES =
      Map.of(
          EventTypes.ASSET_PROMOTED, AssetPromoted.class,
          EventTypes.ASSET_EXPIRED, AssetExpired.class,
          EventTypes.ASSET_DELETED, AssetDeleted.class,
          EventTypes.ASSET_LOST, AssetLost.class,
          EventTypes.OWNER_PURGED, OwnerPurged.class);

  private static final List<String> COMMAND_TYPE_NAMES = sorted(COMMAND_TYPES.keySet());
  private static final List<String> LIFECYCLE_TYPE_NAMES = sorted(LIFECYCLE_TYPES.keySet());

  // The schema validator uses java.util.regex with find(), where "$" also matches before a final
  // line terminator, so "abc\n" would pass the schema pattern. sceneId ends up in object keys.
  private static final Pattern SCENE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final EventSchemas schemas;
  private final Function<JsonNode, List<String>> mediaGenerated;

  /** Loads and compiles the JSON Schemas; do this once and share the codec. */
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
    return decodeGenerated(EventHeaders.of(headers), value);
  }

  /** As {@link #decodeGenerated(Map, byte[])}, from headers in record order, repeats included. */
  public GeneratedEvent decodeGenerated(EventHeaders headers, byte[] value)
      throws InvalidEventException {
    try {
      CloudEvent envelope = Envelopes.read(headers.byName(), value, GENERATED_TYPES);
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
    return decodeStored(EventHeaders.of(headers), value);
  }

  /** As {@link #decodeStored(Map, byte[])}, from headers in record order, repeats included. */
  public AssetStored decodeStored(EventHeaders headers, byte[] value) throws InvalidEventException {
    try {
      CloudEvent envelope =
          Envelopes.read(headers.byName(), value, List.of(EventTypes.ASSET_STORED));
      AssetStored data =
          EventData.read(envelope.data(), schemas::validateAssetStored, AssetStored.class);
      requireSceneId(data.sceneId(), "$.sceneId");
      return data;
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /**
   * Decodes and validates an asset-rejected record. Its {@code input} is read as the kind of data
   * {@code originalType} names.
   */
  public AssetRejected decodeRejected(Map<String, byte[]> headers, byte[] value)
      throws InvalidEventException {
    return decodeRejected(EventHeaders.of(headers), value);
  }

  /** As {@link #decodeRejected(Map, byte[])}, from headers in record order, repeats included. */
  public AssetRejected decodeRejected(EventHeaders headers, byte[] value)
      throws InvalidEventException {
    try {
      CloudEvent envelope =
          Envelopes.read(headers.byName(), value, List.of(EventTypes.ASSET_REJECTED));
      JsonNode tree = EventData.readValid(envelope.data(), schemas::validateAssetRejected);
      AssetRejected data = EventData.map(tree, AssetRejected.class);
      JsonNode input = tree.get("input");
      if (input == null || input.isNull()) {
        return data;
      }
      RejectedInput quoted = EventData.map(input, inputKind(data.originalType()));
      if (quoted instanceof MediaGenerated generated) {
        requireSceneId(generated.sceneId(), "$.input.sceneId");
      }
      return data.withInput(quoted);
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /**
   * Decodes and validates a command record (promote, delete or purge). Every failure is an {@link
   * InvalidEventException} with a short detail.
   */
  public CommandEvent decodeCommand(Map<String, byte[]> headers, byte[] value)
      throws InvalidEventException {
    return decodeCommand(EventHeaders.of(headers), value);
  }

  /** As {@link #decodeCommand(Map, byte[])}, from headers in record order, repeats included. */
  public CommandEvent decodeCommand(EventHeaders headers, byte[] value)
      throws InvalidEventException {
    try {
      CloudEvent envelope = Envelopes.read(headers.byName(), value, COMMAND_TYPE_NAMES);
      String type = envelope.type();
      AssetCommand command =
          EventData.read(
              envelope.data(),
              tree -> {
                List<String> unstorable = StorableText.errors(tree);
                return unstorable.isEmpty() ? schemas.validate(type, tree) : unstorable;
              },
              COMMAND_TYPES.get(type));
      return new CommandEvent(envelope, command);
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /** Decodes and validates a lifecycle record (promoted, expired, deleted or purged). */
  public LifecycleEvent decodeLifecycle(Map<String, byte[]> headers, byte[] value)
      throws InvalidEventException {
    return decodeLifecycle(EventHeaders.of(headers), value);
  }

  /** As {@link #decodeLifecycle(Map, byte[])}, from headers in record order, repeats included. */
  public LifecycleEvent decodeLifecycle(EventHeaders headers, byte[] value)
      throws InvalidEventException {
    try {
      CloudEvent envelope = Envelopes.read(headers.byName(), value, LIFECYCLE_TYPE_NAMES);
      String type = envelope.type();
      return EventData.read(
          envelope.data(), tree -> schemas.validate(type, tree), LIFECYCLE_TYPES.get(type));
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /** Encodes a command keyed by its ownerId, so one owner's commands stay in order. */
  public KafkaMessage encodeCommand(String id, String source, AssetCommand command, Instant time) {
    Objects.requireNonNull(command.ownerId(), "command.ownerId");
    var event =
        new CloudEvent(id, source, command.eventType(), time, null, EventData.write(command));
    return Envelopes.write(command.ownerId().toString(), event);
  }

  /**
   * Encodes a lifecycle event keyed by its ownerId: ce_id is the eventId, ce_time when it happened.
   */
  public KafkaMessage encodeLifecycle(LifecycleEvent event, String source) {
    Objects.requireNonNull(event.ownerId(), "event.ownerId");
    var envelope =
        new CloudEvent(
            event.eventId().toString(),
            source,
            event.eventType(),
            event.occurredAt(),
            null,
            EventData.write(event));
    return Envelopes.write(event.ownerId().toString(), envelope);
  }

  /** The JSON data of a lifecycle event, as {@link #lifecycleFromJson} reads it back. */
  public static byte[] lifecycleJson(LifecycleEvent event) {
    return EventData.write(event);
  }

  /**
   * A lifecycle event of the given ce_type from its JSON data, as {@link #lifecycleJson} wrote it.
   */
  public static LifecycleEvent lifecycleFromJson(String type, byte[] json)
      throws InvalidEventException {
    Class<? extends LifecycleEvent> kind = LIFECYCLE_TYPES.get(type);
    if (kind == null) {
      throw new InvalidEventException("'" + type + "' is not a lifecycle event type");
    }
    return EventData.read(json, tree -> List.of(), kind);
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
   * Encodes an asset-rejected event keyed as its input was: by the projectId of media-generated
   * data, so it stays in order with the project's other events, or by the ownerId of a command;
   * without a parsed input, by the causationId, else by the eventId.
   */
  public KafkaMessage encodeRejected(AssetRejected event, String source) {
    String key =
        switch (event.input()) {
          case MediaGenerated generated when generated.projectId() != null ->
              generated.projectId().toString();
          case AssetCommand command when command.ownerId() != null -> command.ownerId().toString();
          case null, default ->
              event.causationId() != null ? event.causationId() : event.eventId().toString();
        };
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

  /** A command when originalType names one, else media-generated data (the schema agrees). */
  private static Class<? extends RejectedInput> inputKind(String originalType) {
    Class<? extends AssetCommand> command =
        originalType == null ? null : COMMAND_TYPES.get(originalType);
    return command != null ? command : MediaGenerated.class;
  }

  private static List<String> sorted(Set<String> types) {
    return types.stream().sorted().toList();
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
