package io.mediakeep.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Data of an asset-rejected event: an input event mediakeep gave up on, with enough of it to
 * regenerate or replay.
 *
 * <p>{@code input} is null when the input could not be decoded; {@code rawData} (base64 of the
 * record value) is then set instead. {@code causationId} is null when the input had no usable
 * ce_id. {@code rawHeaders} is never null.
 */
public record AssetRejected(
    UUID eventId,
    String causationId,
    RejectReason reason,
    String detail,
    int attempts,
    String originalTopic,
    int originalPartition,
    long originalOffset,
    String originalType,
    MediaGenerated input,
    String rawData,
    Map<String, String> rawHeaders,
    Instant rejectedAt) {

  public AssetRejected {
    rawHeaders =
        rawHeaders == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(rawHeaders));
  }
}
