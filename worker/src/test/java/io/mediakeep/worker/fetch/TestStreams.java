package io.mediakeep.worker.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Input streams for download tests: one that counts what was read, one that is long but lazy. */
final class TestStreams {

  private TestStreams() {}

  /** Counts every byte handed out, so a test can prove how much of a source was read. */
  static final class Counting extends FilterInputStream {
    private long count;

    Counting(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }

  /** {@code prefix} followed by zeros up to {@code length} bytes, made as it is read. */
  static final class Lazy extends InputStream {
    private final byte[] prefix;
    private final long length;
    private long position;

    Lazy(byte[] prefix, long length) {
      this.prefix = prefix;
      this.length = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= length) {
        return -1;
      }
      int n = (int) Math.min(len, length - position);
      Arrays.fill(b, off, off + n, (byte) 0);
      if (position < prefix.length) {
        int fromPrefix = (int) Math.min(n, prefix.length - position);
        System.arraycopy(prefix, (int) position, b, off, fromPrefix);
      }
      position += n;
      return n;
    }
  }
}
