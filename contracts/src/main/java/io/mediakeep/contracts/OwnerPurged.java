package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of a {@code media.owner.purged} event: everything of the owner is gone, and its events
 * produced before {@code purgedAt} are refused.
 */
public record OwnerPurged(
    UUID eventId, String causationId, UUID ownerId, Instant purgedAt, Removed removed)
    implements LifecycleEvent {

  /** What a purge removed. */
  public record Removed(
      long assets, long libraryAssets, long collections, long rejections, long objects) {}

  @Override
  @JsonIgnore
  public Instant occurredAt() {
    return purgedAt;
  }
}
