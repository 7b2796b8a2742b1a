package io.mediakeep.worker.core;

import java.io.IOException;
import java.util.List;

/** The S3-compatible storage that holds the files mediakeep owns. */
public interface ObjectStore {

  /** Writes the bytes under the key with a SHA-256 checksum the server verifies. */
  void put(String bucket, String key, FetchedMedia media) throws IOException;

  /** Removes an object that lost a race and that no row refers to. */
  void delete(String bucket, String key) throws IOException;

  /**
   * Deletes the objects, in as few requests as the store allows; returns the keys it could not
   * delete. A key that is not there counts as deleted.
   */
  List<String> deleteAll(String bucket, List<String> keys) throws IOException;

  /**
   * Copies an object inside the store, without downloading it (in parts when it is large); throws
   * {@link ObjectMissingException} when the source is not there.
   */
  void copy(String fromBucket, String fromKey, String toBucket, String toKey, long sizeBytes)
      throws IOException;
}
