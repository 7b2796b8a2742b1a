package io.mediakeep.contracts;

/** CloudEvents {@code type} values of the events mediakeep reads and writes. */
public final class EventTypes {
  public static final String IMAGE_GENERATED = "media.image.generated";
  public static final String VIDEO_GENERATED = "media.video.generated";
  public static final String ASSET_STORED = "media.asset.stored";
  public static final String ASSET_REJECTED = "media.asset.rejected";

  private EventTypes() {}
}
