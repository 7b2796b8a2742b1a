package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of an asset-stored event: the media is now in mediakeep's bucket under a key it owns.
 *
 * <p>{@code url}, {@code width}, {@code height}, {@code durationMs}, {@code expiresAt}, {@code
 * position} and {@code frame} may be null.
 */
public record AssetStored(
    UUID eventId,
    String causationId,
    UUID assetId,
    UUID ownerId,
    UUID projectId,
    String sceneId,
    int version,
    int variant,
    MediaKind mediaType,
    String bucket,
    String objectKey,
    String url,
    String sha256,
    long sizeBytes,
    String contentType,
    Integer width,
    Integer height,
    Long durationMs,
    // Jackson 2.21 keeps the record component name, but its is-getter rules have written
    // "current" for such components before; the wire name must not depend on that.
    @JsonProperty("isCurrent") boolean isCurrent,
    Retention retention,
    Instant expiresAt,
    Instant storedAt,
    AssetRole role,
    Integer position,
    FrameInfo frame) {}
