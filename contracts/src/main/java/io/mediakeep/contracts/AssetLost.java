package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of a {@code media.asset.lost} event: {@code mediakeep reconcile --fix} found a live asset or
 * a library entry whose object is gone from S3, or is there with another size, and removed the row,
 * so that upstream can regenerate it; a new input for an asset's key stores it again. The key
 * fields are set for an asset and null for an entry; {@code foundSizeBytes} is null when the object
 * was missing.
 */
public record AssetLost(
    UUID eventId,
    UUID ownerId,
    UUID assetId,
    AssetDeleted.Kind kind,
    UUID projectId,
    String sceneId,
    Integer version,
    Integer variant,
    String bucket,
    String objectKey,
    long sizeBytes,
    Long foundSizeBytes,
    Instant lostAt)
    implements LifecycleEvent {

  @Override
  @JsonIgnore
  public Instant occurredAt() {
    return lostAt;
  }
}
