package io.mediakeep.worker.core;

import io.mediakeep.contracts.MediaKind;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** A fetcher that answers from a script: per URL, failures to throw first, then the bytes. */
final class FakeFetcher implements SourceFetcher {

  private final Map<String, Deque<IOException>> failures = new HashMap<>();
  private final Map<String, byte[]> files = new HashMap<>();
  int calls;

  FakeFetcher serve(String url, byte[] bytes) {
    files.put(url, bytes);
    return this;
  }

  FakeFetcher failFirst(String url, IOException... errors) {
    failures.computeIfAbsent(url, u -> new ArrayDeque<>()).addAll(java.util.List.of(errors));
    return this;
  }

  @Override
  public FetchedMedia fetch(String url, MediaKind expected, String provider) throws IOException {
    calls++;
    Deque<IOException> queued = failures.get(url);
    if (queued != null && !queued.isEmpty()) {
      throw queued.poll();
    }
    byte[] bytes = files.get(url);
    if (bytes == null) {
      throw new SourceStatusException("fake", 404, null);
    }
    return new FetchedMedia(
        new MediaContent.InMemory(bytes),
        MediaFormat.PNG,
        io.mediakeep.worker.it.Sha256.hex(bytes),
        bytes.length,
        16,
        16,
        null);
  }
}
