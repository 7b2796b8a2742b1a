package io.mediakeep.worker.core;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Gives the entries moved from V4, which still point at their source asset's object, an object of
 * their own in the library bucket: before the sweep can expire that source, and before a delete can
 * remove it.
 */
public final class LibraryCopies {

  private final LibraryLedger library;
  private final ObjectStore store;
  private final StorageLayout layout;

  public LibraryCopies(LibraryLedger library, ObjectStore store, StorageLayout layout) {
    this.library = library;
    this.store = store;
    this.layout = layout;
  }

  /** Copies up to {@code max} pending entries; returns how many. */
  public int adoptPending(int max) throws IOException {
    List<LibraryEntry> pending = library.pendingCopies(max);
    for (LibraryEntry entry : pending) {
      adopt(entry);
    }
    return pending.size();
  }

  /** Copies the pending entry with this id, or of the asset with this id, if there is one. */
  public void adoptFor(UUID id) throws IOException {
    var pending = library.pendingCopyOf(id);
    if (pending.isPresent()) {
      adopt(pending.get());
    }
  }

  private void adopt(LibraryEntry entry) throws IOException {
    String key = StorageLayout.libraryKey(entry.ownerId(), entry.id(), entry.objectKey());
    store.copy(entry.bucket(), entry.objectKey(), layout.libraryBucket(), key, entry.sizeBytes());
    library.copied(entry, layout.libraryBucket(), key);
  }
}
