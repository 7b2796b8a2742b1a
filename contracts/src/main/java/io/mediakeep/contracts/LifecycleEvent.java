package io.mediakeep.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * An event on the asset-lifecycle topic: something happened to a stored asset, a library entry or
 * an owner after storing. Keyed by the owner, so one owner's lifecycle stays in order; each event
 * id is derived from what it is about, so a repeat carries the same id.
 */
public sealed interface LifecycleEvent
    permits AssetPromoted, AssetExpired, AssetDeleted, AssetLost, OwnerPurged {

  UUID eventId();

  UUID ownerId();

  /** When it happened; also ce_time. */
  Instant occurredAt();

  /** The ce_type of this event. */
  default String eventType() {
    return switch (this) {
      case AssetPromoted p -> EventTypes.ASSET_PROMOTED;
      case AssetExpired e -> EventTypes.ASSET_EXPIRED;
      case AssetDeleted d -> EventTypes.ASSET_DELETED;
      case AssetLost l -> EventTypes.ASSET_LOST;
      case OwnerPurged p -> EventTypes.OWNER_PURGED;
    };
  }
}
