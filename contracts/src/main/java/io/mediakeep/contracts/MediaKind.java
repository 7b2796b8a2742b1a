package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an event is about an image or a video; written as "image" or "video". */
public enum MediaKind {
  IMAGE("image", EventTypes.IMAGE_GENERATED),
  VIDEO("video", EventTypes.VIDEO_GENERATED);

  private final String wireName;
  private final String generatedEventType;

  MediaKind(String wireName, String generatedEventType) {
    this.wireName = wireName;
    this.generatedEventType = generatedEventType;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The ce_type of the media-generated event for this kind. */
  public String generatedEventType() {
    return generatedEventType;
  }

  /** The kind announced by a media-generated ce_type, or null for any other type. */
  public static MediaKind ofEventType(String ceType) {
    for (MediaKind kind : values()) {
      if (kind.generatedEventType.equals(ceType)) {
        return kind;
      }
    }
    return null;
  }

  /** Parses "image" or "video". */
  @JsonCreator
  public static MediaKind fromWireName(String wireName) {
    for (MediaKind kind : values()) {
      if (kind.wireName.equals(wireName)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown media type '" + wireName + "'");
  }
}
