package io.mediakeep.worker.core;

import io.mediakeep.contracts.MediaKind;
import java.time.Instant;
import java.util.UUID;

/**
 * A kept asset: an entry of its owner's library with an object of its own. {@code copyPending} is
 * true only for entries moved from the V4 schema that still point at their source asset's object.
 */
public record LibraryEntry(
    UUID id,
    UUID ownerId,
    UUID sourceAssetId,
    MediaKind mediaType,
    String bucket,
    String objectKey,
    String contentType,
    long sizeBytes,
    String sha256,
    Integer width,
    Integer height,
    Long durationMs,
    String prompt,
    String model,
    Long seed,
    String title,
    UUID collectionId,
    boolean copyPending,
    Instant createdAt) {}
