package io.mediakeep.worker.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
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
}
