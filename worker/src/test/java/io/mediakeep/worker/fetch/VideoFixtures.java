package io.mediakeep.worker.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The ffmpeg-made files of src/test/resources/media, and MP4 boxes to wrap bytes in. */
public final class VideoFixtures {

  private VideoFixtures() {}

  public static byte[] fixture(String name) {
    try (InputStream in = VideoFixtures.class.getResourceAsStream("/media/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A top-level MP4 box of the given type around {@code body}. */
  public static byte[] box(String type, byte[] body) {
    ByteBuffer box = ByteBuffer.allocate(8 + body.length);
    box.putInt(8 + body.length).put(type.getBytes(StandardCharsets.US_ASCII));
    return box.put(body).array();
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  /** The MP4 with a trailing free box that brings it to {@code size} bytes: the same video. */
  public static byte[] padded(byte[] mp4, int size) {
    return concat(mp4, box("free", new byte[size - mp4.length - 8]));
  }
}
