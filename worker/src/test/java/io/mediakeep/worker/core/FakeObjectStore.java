package io.mediakeep.worker.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Objects in memory; can be told to fail like an S3 outage. */
final class FakeObjectStore implements ObjectStore {

  final Map<String, byte[]> objects = new HashMap<>();
  int failuresLeft;
  int puts;

  @Override
  public void put(String bucket, String key, FetchedMedia media) throws IOException {
    puts++;
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new IOException("503 SlowDown (simulated)");
    }
    try (InputStream in = media.content().open()) {
      objects.put(bucket + "/" + key, in.readAllBytes());
    }
  }

  @Override
  public void delete(String bucket, String key) {
    objects.remove(bucket + "/" + key);
  }

  @Override
  public List<String> deleteAll(String bucket, List<String> keys) {
    keys.forEach(key -> delete(bucket, key));
    return List.of();
  }

  @Override
  public void copy(String fromBucket, String fromKey, String toBucket, String toKey, long size)
      throws IOException {
    byte[] bytes = objects.get(fromBucket + "/" + fromKey);
    if (bytes == null) {
      throw new ObjectMissingException(fromBucket + "/" + fromKey + " is missing", null);
    }
    objects.put(toBucket + "/" + toKey, bytes);
  }
}
