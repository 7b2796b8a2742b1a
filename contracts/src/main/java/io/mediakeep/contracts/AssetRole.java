package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an asset is to the video phase: an image of a scene, a frame of the sequence, a clip
 * generated between frames, or the final merged video. Written as {@code scene_image}, {@code
 * frame}, {@code clip}, {@code final}.
 */
public enum AssetRole {
  SCENE_IMAGE("scene_image"),
  FRAME("frame"),
  CLIP("clip"),
  FINAL("final");

  private final String wireName;

  AssetRole(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The role of an event that names none: a scene image for images, a clip for videos. */
  public static AssetRole defaultFor(MediaKind kind) {
    return kind == MediaKind.VIDEO ? CLIP : SCENE_IMAGE;
  }

  @JsonCreator
  public static AssetRole fromWireName(String wireName) {
    for (AssetRole role : values()) {
      if (role.wireName.equals(wireName)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + wireName + "'");
  }
}
