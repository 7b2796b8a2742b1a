package io.mediakeep.worker.core;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import java.time.Instant;
import java.util.UUID;

/** An asset as the ledger holds it. */
public record StoredAsset(
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
    boolean current,
    Instant expiresAt,
    Instant storedAt) {}
