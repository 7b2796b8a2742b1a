package io.mediakeep.contracts;

/** Kafka topic names of the mediakeep event streams. */
public final class Topics {
  public static final String MEDIA_GENERATED = "media.generated.v1";
  public static final String ASSET_STORED = "media.asset-stored.v1";
  public static final String ASSET_REJECTED = "media.asset-rejected.v1";
  public static final String ASSET_COMMANDS = "media.asset-commands.v1";
  public static final String ASSET_LIFECYCLE = "media.asset-lifecycle.v1";

  private Topics() {}
}
