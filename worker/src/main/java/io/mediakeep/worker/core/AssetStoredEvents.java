package io.mediakeep.worker.core;

import io.mediakeep.contracts.AssetStored;

/**
 * Builds asset-stored events. The event id is a UUIDv5 of the asset key, so a replay of the same
 * input republishes the same id and downstream can deduplicate on it.
 */
public final class AssetStoredEvents {

  private AssetStoredEvents() {}

  public static AssetStored of(StoredAsset asset, String causationId) {
    AssetKey key = asset.key();
    return new AssetStored(
        AssetIds.assetStored(key),
        causationId,
        asset.id(),
        asset.ownerId(),
        key.projectId(),
        key.sceneId(),
        key.version(),
        key.variant(),
        asset.mediaType(),
        asset.bucket(),
        asset.objectKey(),
        asset.url(),
        asset.sha256(),
        asset.sizeBytes(),
        asset.contentType(),
        asset.width(),
        asset.height(),
        asset.durationMs(),
        asset.current(),
        asset.retention(),
        asset.expiresAt(),
        asset.storedAt(),
        asset.role(),
        asset.position(),
        asset.frame());
  }
}
