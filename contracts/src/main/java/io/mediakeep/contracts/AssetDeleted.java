package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of a {@code media.asset.deleted} event: an asset (now a tombstone) or a library entry (now
 * gone) and its object were removed. The key fields are set for an asset and null for an entry.
 */
public record AssetDeleted(
    UUID eventId,
    String causationId,
    UUID ownerId,
    UUID assetId,
    Kind kind,
    UUID projectId,
    String sceneId,
    Integer version,
    Integer variant,
    String bucket,
    String objectKey,
    Instant deletedAt)
    implements LifecycleEvent {

  /** What the deleted id named; written as "asset" or "library". */
  public enum Kind {
    ASSET("asset"),
    LIBRARY("library");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Kind fromWireName(String wireName) {
      for (Kind kind : values()) {
        if (kind.wireName.equals(wireName)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown kind '" + wireName + "'");
    }
  }

  @Override
  @JsonIgnore
  public Instant occurredAt() {
    return deletedAt;
  }
}
