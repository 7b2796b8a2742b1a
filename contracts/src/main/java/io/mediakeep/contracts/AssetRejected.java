package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
 * record value) is then set instead. It is media-generated data or a command, as {@code
 * originalType} says; the codec reads it by that type, so Jackson alone leaves it null. {@code
 * causationId} is null when the input had no usable ce_id. {@code rawHeaders} is never null.
 */
@JsonIgnoreProperties(value = "input", allowGetters = true)
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
    RejectedInput input,
    String rawData,
    Map<String, String> rawHeaders,
    Instant rejectedAt) {

  public AssetRejected {
    rawHeaders =
        rawHeaders == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(rawHeaders));
  }

  /** This rejection quoting {@code input}. */
  AssetRejected withInput(RejectedInput input) {
    return new AssetRejected(
        eventId,
        causationId,
        reason,
        detail,
        attempts,
        originalTopic,
        originalPartition,
        originalOffset,
        originalType,
        input,
        rawData,
        rawHeaders,
        rejectedAt);
  }
}
