package io.mediakeep.worker.core;

import io.mediakeep.contracts.AssetRole;
import io.mediakeep.contracts.FrameInfo;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An asset that was just written to storage and is about to be recorded. {@code producedAt} is when
 * its event was produced: an owner purged after that refuses it.
 */
public record NewAsset(
    UUID id,
    UUID ownerId,
    AssetKey key,
    MediaKind mediaType,
    Retention retention,
    String bucket,
    String objectKey,
    String url,
    String contentType,
    long sizeBytes,
    String sha256,
    Integer width,
    Integer height,
    Long durationMs,
    String sourceFingerprint,
    String provider,
    String model,
    String prompt,
    Long seed,
    Map<String, Object> generationParams,
    String jobId,
    String sourceEventId,
    Instant expiresAt,
    Instant producedAt,
    AssetRole role,
    Integer position,
    FrameInfo frame) {}
