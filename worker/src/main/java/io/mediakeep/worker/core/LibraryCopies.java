package io.mediakeep.worker.core;

import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the entries moved from V4, which still point at their source asset's object, an object of
 * their own in the library bucket: before the sweep can expire that source, and before a delete can
 * remove it.
 */
public final class LibraryCopies {

  private static final Logger log = LoggerFactory.getLogger(LibraryCopies.class);

  private final LibraryLedger library;
  private final ObjectStore store;
  private final StorageLayout layout;

  public LibraryCopies(LibraryLedger library, ObjectStore store, StorageLayout layout) {
    this.library = library;
    this.store = store;
    this.layout = layout;
  }

  /**
   * Copies up to {@code max} pending entries; returns how many it copied. An entry whose source
   * object is missing is left pending (and its source unexpired) and named in the log; S3 being
   * down fails the call.
   */
  public int adoptPending(int max) throws IOException {
    int copied = 0;
    for (LibraryEntry entry : library.pendingCopies(max)) {
      try {
        adopt(entry);
        copied++;
      } catch (ObjectMissingException missing) {
        log.warn(
            "library entry {} points at {}/{}, which is missing; it stays pending",
            entry.id(),
            entry.bucket(),
            entry.objectKey());
      }
    }
    return copied;
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
