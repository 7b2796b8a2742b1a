package io.mediakeep.worker.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The downloaded bytes of one source: small files stay in memory, large ones are spooled to a
 * temporary file, so memory stays bounded whatever the size. Closing releases the file.
 */
public sealed interface MediaContent extends AutoCloseable {

  long size();

  InputStream open() throws IOException;

  @Override
  void close();

  /** Bytes held in memory; {@code release}, when not null, gives their memory back on close. */
  record InMemory(byte[] bytes, Runnable release) implements MediaContent {

    public InMemory(byte[] bytes) {
      this(bytes, null);
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public void close() {
      if (release != null) {
        release.run();
      }
    }
  }

  /** Bytes spooled to a temporary file that is deleted on close. */
  record Spooled(Path file, long size) implements MediaContent {
    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete spool file " + file, e);
      }
    }
  }
}
