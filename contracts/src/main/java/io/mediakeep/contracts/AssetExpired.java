package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of a {@code media.asset.expired} event: a workspace asset's object is gone and its row is a
 * tombstone. {@code expiresAt} may be null.
 */
public record AssetExpired(
    UUID eventId,
    UUID ownerId,
    UUID assetId,
    UUID projectId,
    String sceneId,
    int version,
    int variant,
    String bucket,
    String objectKey,
    Instant expiresAt,
    Instant expiredAt)
    implements LifecycleEvent {

  @Override
  @JsonIgnore
  public Instant occurredAt() {
    return expiredAt;
  }
}
