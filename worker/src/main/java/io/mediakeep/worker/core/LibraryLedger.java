package io.mediakeep.worker.core;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The library entries mediakeep makes, and what a promotion needs to know to make one. */
public interface LibraryLedger {

  /** An asset by its id, live or a tombstone. */
  Optional<StoredAsset> asset(UUID assetId);

  /** The library entry kept of an asset, if any. */
  Optional<LibraryEntry> entryOf(UUID sourceAssetId);

  /** True when the collection exists and belongs to the owner. */
  boolean hasCollection(UUID ownerId, UUID collectionId);

  /**
   * Inserts the entry while its source asset is held against removal, in one transaction: empty,
   * and nothing inserted, when the source is no longer live. When an entry of the source exists
   * already, that one is returned and nothing is inserted.
   */
  Optional<LibraryEntry> insert(LibraryEntry entry);

  /** Entries moved from V4 whose object is still their source's, up to {@code max}. */
  List<LibraryEntry> pendingCopies(int max);

  /**
   * The entry moved from V4 with this id, or of the asset with this id, if its object is still to
   * be copied.
   */
  Optional<LibraryEntry> pendingCopyOf(UUID id);

  /** The entry's object was copied to the library bucket under {@code objectKey}. */
  void copied(LibraryEntry entry, String bucket, String objectKey);
}
