package io.mediakeep.worker.core;

import java.io.IOException;

/** The S3-compatible storage that holds the files mediakeep owns. */
public interface ObjectStore {

  /** Writes the bytes under the key with a SHA-256 checksum the server verifies. */
  void put(String bucket, String key, FetchedMedia media) throws IOException;

  /** Removes an object that lost a race and that no row refers to. */
  void delete(String bucket, String key) throws IOException;
}
