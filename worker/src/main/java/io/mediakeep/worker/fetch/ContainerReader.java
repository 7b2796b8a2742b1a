package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.MediaRejectedException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Big- and little-endian reads over a buffer of its own, counting the position and failing at the
 * end of the file; and the one window the markup scan uses for a whole walk.
 */
final class ContainerReader {
  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  final byte[] window = new byte[8192 + MarkupScan.LONGEST_MARKER];
  private int next;
  private int limit;
  long position;

  ContainerReader(InputStream in) {
    this.in = in;
  }

  private void fill() throws IOException {
    next = 0;
    limit = Math.max(0, in.read(buffer));
    if (limit == 0) {
      throw new EOFException();
    }
  }

  int u8() throws IOException {
    if (next == limit) {
      fill();
    }
    position++;
    return buffer[next++] & 0xFF;
  }

  int read(byte[] into, int offset, int length) throws IOException {
    int done = 0;
    while (done < length) {
      if (next == limit) {
        fill();
      }
      int n = Math.min(length - done, limit - next);
      System.arraycopy(buffer, next, into, offset + done, n);
      next += n;
      done += n;
    }
    position += length;
    return length;
  }

  int u16be() throws IOException {
    return u8() << 8 | u8();
  }

  int u16le() throws IOException {
    return u8() | u8() << 8;
  }

  long u32be() throws IOException {
    return (long) u16be() << 16 | u16be();
  }

  long u32le() throws IOException {
    return u16le() | (long) u16le() << 16;
  }

  long u64be() throws IOException {
    return u32be() << 32 | u32be();
  }

  String fourCc() throws IOException {
    byte[] bytes = new byte[4];
    read(bytes, 0, 4);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  void skip(long n) throws IOException {
    if (n < 0) {
      throw refused("a chunk or segment is shorter than its own fields");
    }
    long buffered = Math.min(n, limit - next);
    next += (int) buffered;
    in.skipNBytes(n - buffered);
    position += n;
  }

  /** The file is not what it claims to be. */
  static MediaRejectedException refused(String detail) {
    return new MediaRejectedException(RejectReason.UNSUPPORTED_MEDIA, detail);
  }

  /** A four-character code as text, or in hex when it is not printable. */
  static String printable(String fourCc) {
    return fourCc.chars().allMatch(c -> c >= 0x20 && c < 0x7F)
        ? "'" + fourCc + "'"
        : "0x" + HexFormat.of().formatHex(fourCc.getBytes(StandardCharsets.ISO_8859_1));
  }
}
