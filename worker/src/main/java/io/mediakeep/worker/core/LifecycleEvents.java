package io.mediakeep.worker.core;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import io.mediakeep.contracts.AssetDeleted;
import io.mediakeep.contracts.AssetExpired;
import io.mediakeep.contracts.AssetPromoted;
import io.mediakeep.contracts.LifecycleEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids and events of an asset's life after storing. Every id is a UUIDv5 of what it is about, in
 * mediakeep's namespace, so a repeat of the same step carries the same id and consumers can
 * deduplicate on it; {@code LifecycleEventsTest} pins known values.
 */
public final class LifecycleEvents {

  private static final NameBasedGenerator IDS = Generators.nameBasedGenerator(AssetIds.NAMESPACE);

  private LifecycleEvents() {}

  /** The one library entry an asset can have. */
  public static UUID libraryAssetId(UUID assetId) {
    return IDS.generate("library-asset:" + assetId);
  }

  public static UUID promotedId(UUID libraryAssetId) {
    return IDS.generate("asset-promoted:" + libraryAssetId);
  }

  public static UUID expiredId(UUID assetId) {
    return IDS.generate("asset-expired:" + assetId);
  }

  /** Of an asset or a library entry: their ids never collide. */
  public static UUID deletedId(UUID id) {
    return IDS.generate("asset-deleted:" + id);
  }

  /** Of an asset or a library entry whose object S3 lost: a repeated fix repeats the id. */
  public static UUID lostId(UUID id) {
    return IDS.generate("asset-lost:" + id);
  }

  /** Of a purge command, by its ce_id: a later purge is a new event. */
  public static UUID purgedId(String commandId) {
    return IDS.generate("owner-purged:" + commandId);
  }

  public static AssetExpired expired(StoredAsset asset, Instant at) {
    AssetKey key = asset.key();
    return new AssetExpired(
        expiredId(asset.id()),
        asset.ownerId(),
        asset.id(),
        key.projectId(),
        key.sceneId(),
        key.version(),
        key.variant(),
        asset.bucket(),
        asset.objectKey(),
        asset.expiresAt(),
        at);
  }

  public static AssetDeleted deleted(StoredAsset asset, String causationId, Instant at) {
    AssetKey key = asset.key();
    return new AssetDeleted(
        deletedId(asset.id()),
        causationId,
        asset.ownerId(),
        asset.id(),
        AssetDeleted.Kind.ASSET,
        key.projectId(),
        key.sceneId(),
        key.version(),
        key.variant(),
        asset.bucket(),
        asset.objectKey(),
        at);
  }

  public static AssetDeleted deleted(LibraryEntry entry, String causationId, Instant at) {
    return new AssetDeleted(
        deletedId(entry.id()),
        causationId,
        entry.ownerId(),
        entry.id(),
        AssetDeleted.Kind.LIBRARY,
        null,
        null,
        null,
        null,
        entry.bucket(),
        entry.objectKey(),
        at);
  }

  /** The event a repeated command publishes again: the same id and data, caused by this command. */
  public static LifecycleEvent answering(LifecycleEvent event, String causationId) {
    if (event instanceof AssetDeleted d) {
      return new AssetDeleted(
          d.eventId(),
          causationId,
          d.ownerId(),
          d.assetId(),
          d.kind(),
          d.projectId(),
          d.sceneId(),
          d.version(),
          d.variant(),
          d.bucket(),
          d.objectKey(),
          d.deletedAt());
    }
    return event;
  }

  public static AssetPromoted promoted(LibraryEntry entry, String causationId, String url) {
    return new AssetPromoted(
        promotedId(entry.id()),
        causationId,
        entry.ownerId(),
        entry.sourceAssetId(),
        entry.id(),
        entry.mediaType(),
        entry.bucket(),
        entry.objectKey(),
        url,
        entry.contentType(),
        entry.sizeBytes(),
        entry.sha256(),
        entry.width(),
        entry.height(),
        entry.durationMs(),
        entry.title(),
        entry.collectionId(),
        entry.createdAt());
  }
}
