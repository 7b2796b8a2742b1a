package io.mediakeep.worker.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A stretch of a file read as a stream with positional reads, so that several parts can be read
 * from one open channel, each as often as an upload attempt needs, without loading a part whole.
 */
final class FileRegion extends InputStream {

  private final FileChannel channel;
  private final long end;
  private long position;

  FileRegion(FileChannel channel, long offset, long length) {
    this.channel = channel;
    this.position = offset;
    this.end = offset + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (position >= end) {
      return -1;
    }
    int n =
        channel.read(
            ByteBuffer.wrap(into, offset, (int) Math.min(length, end - position)), position);
    if (n < 0) {
      throw new IOException("the spooled file ended before its recorded size");
    }
    position += n;
    return n;
  }

  /** The base64 SHA-256 of the stretch, as x-amz-checksum-sha256 carries it. */
  static String sha256Base64(FileChannel channel, long offset, long length) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (FileRegion region = new FileRegion(channel, offset, length)) {
      int n;
      while ((n = region.read(buffer, 0, buffer.length)) != -1) {
        digest.update(buffer, 0, n);
      }
    }
    return Base64.getEncoder().encodeToString(digest.digest());
  }
}
