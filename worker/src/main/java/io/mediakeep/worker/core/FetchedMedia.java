package io.mediakeep.worker.core;

/**
 * A source file after a checked download: its bytes, what they are (from magic bytes), their
 * SHA-256 and size as counted while streaming, and dimensions read from headers.
 */
public record FetchedMedia(
    MediaContent content,
    MediaFormat format,
    String sha256Hex,
    long sizeBytes,
    Integer width,
    Integer height,
    Long durationMs)
    implements AutoCloseable {

  @Override
  public void close() {
    content.close();
  }
}
