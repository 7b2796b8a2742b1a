package io.mediakeep.worker.core;

import io.mediakeep.contracts.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Where an asset goes: the bucket of its retention, the object key mediakeep owns, its public URL
 * when a base is configured, and when a workspace asset expires; and where library entries go.
 */
public record StorageLayout(
    String projectBucket,
    String workspaceBucket,
    String libraryBucket,
    String projectPublicBase,
    String workspacePublicBase,
    String libraryPublicBase,
    Duration workspaceRetention) {

  public String bucket(Retention retention) {
    return retention == Retention.WORKSPACE ? workspaceBucket : projectBucket;
  }

  /** {@code {ownerId}/{projectId}/{sceneId}/v{version}-{variant}-{sha256:16}.{ext}} */
  public static String objectKey(UUID ownerId, AssetKey key, String sha256Hex, MediaFormat format) {
    return keyPrefix(ownerId, key) + sha256Hex.substring(0, 16) + "." + format.extension();
  }

  /**
   * The part of the object key that comes from the event, {@code
   * {ownerId}/{projectId}/{sceneId}/v{version}-{variant}-}: checkable before anything is fetched.
   */
  public static String keyPrefix(UUID ownerId, AssetKey key) {
    return ownerId
        + "/"
        + key.projectId()
        + "/"
        + key.sceneId()
        + "/v"
        + key.version()
        + "-"
        + key.variant()
        + "-";
  }

  /**
   * {@code {ownerId}/{libraryAssetId}.{ext}}, the extension that of the source object: an entry's
   * own object, apart from its source's.
   */
  public static String libraryKey(UUID ownerId, UUID libraryAssetId, String sourceKey) {
    int dot = sourceKey.lastIndexOf('.');
    int slash = sourceKey.lastIndexOf('/');
    String extension = dot > slash ? sourceKey.substring(dot) : "";
    return ownerId + "/" + libraryAssetId + extension;
  }

  public String publicUrl(Retention retention, String objectKey) {
    return url(
        retention == Retention.WORKSPACE ? workspacePublicBase : projectPublicBase, objectKey);
  }

  public String libraryUrl(String objectKey) {
    return url(libraryPublicBase, objectKey);
  }

  private static String url(String base, String objectKey) {
    if (base == null || base.isBlank()) {
      return null;
    }
    return (base.endsWith("/") ? base : base + "/") + objectKey;
  }

  public Instant expiresAt(Retention retention, Instant storedAt) {
    return retention == Retention.WORKSPACE ? storedAt.plus(workspaceRetention) : null;
  }
}
