package io.mediakeep.worker.core;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import io.mediakeep.contracts.AssetStored;
import java.util.UUID;

/**
 * Builds asset-stored events. The event id is a UUIDv5 of the asset key, so a replay of the same
 * input republishes the same id and downstream can deduplicate on it.
 */
public final class AssetStoredEvents {

  /** The namespace of mediakeep's name-based event ids; fixed forever. */
  static final UUID NAMESPACE = UUID.fromString("5b1f4f2e-3c1d-4a43-9e0b-6d8c2a6f1e01");

  private static final NameBasedGenerator IDS = Generators.nameBasedGenerator(NAMESPACE);

  private AssetStoredEvents() {}

  public static UUID eventId(AssetKey key) {
    return IDS.generate("asset-stored:" + key);
  }

  public static AssetStored of(StoredAsset asset, String causationId) {
    AssetKey key = asset.key();
    return new AssetStored(
        eventId(key),
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
