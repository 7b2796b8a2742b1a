package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of a {@code media.asset.promoted} event: the asset was kept as a library entry with an
 * object of its own. {@code causationId}, {@code url}, the dimensions, {@code title} and {@code
 * collectionId} may be null.
 */
public record AssetPromoted(
    UUID eventId,
    String causationId,
    UUID ownerId,
    UUID assetId,
    UUID libraryAssetId,
    MediaKind mediaType,
    String bucket,
    String objectKey,
    String url,
    String contentType,
    long sizeBytes,
    String sha256,
    Integer width,
    Integer height,
    Long durationMs,
    String title,
    UUID collectionId,
    Instant promotedAt)
    implements LifecycleEvent {

  @Override
  @JsonIgnore
  public Instant occurredAt() {
    return promotedAt;
  }
}
