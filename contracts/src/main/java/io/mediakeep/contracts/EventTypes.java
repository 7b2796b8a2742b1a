package io.mediakeep.contracts;

/** CloudEvents {@code type} values of the events mediakeep reads and writes. */
public final class EventTypes {
  public static final String IMAGE_GENERATED = "media.image.generated";
  public static final String VIDEO_GENERATED = "media.video.generated";
  public static final String ASSET_STORED = "media.asset.stored";
  public static final String ASSET_REJECTED = "media.asset.rejected";
  public static final String ASSET_PROMOTE = "media.asset.promote";
  public static final String ASSET_DELETE = "media.asset.delete";
  public static final String OWNER_PURGE = "media.owner.purge";
  public static final String ASSET_PROMOTED = "media.asset.promoted";
  public static final String ASSET_EXPIRED = "media.asset.expired";
  public static final String ASSET_DELETED = "media.asset.deleted";
  public static final String ASSET_LOST = "media.asset.lost";
  public static final String OWNER_PURGED = "media.owner.purged";

  private EventTypes() {}
}
