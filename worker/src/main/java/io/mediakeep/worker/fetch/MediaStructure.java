package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.MediaFormat;
import io.mediakeep.worker.core.MediaRejectedException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Walks the container of a downloaded file without decoding pixels: chunk by chunk for PNG, block
 * by block for GIF, RIFF chunks for WebP, segments and scan data for JPEG, top-level boxes for MP4,
 * EBML elements for WebM ({@link WebmStructure}). A file that claims a format must be that format
 * from its first byte to its last: bytes after the end (a ZIP or a page appended to an image is the
 * classic polyglot), a structure that runs past the end, markup hidden in text chunks, comments and
 * metadata segments, more frames than the cap, or a frame larger than the pixel cap are all
 * refused.
 *
 * <p>Every walk reads forward once and skips what it does not inspect, so its time is bounded by
 * the number of chunks, which the size cap bounds, and its memory by one buffer.
 */
final class MediaStructure {

  /**
   * Markup that turns an image into a page or a script when a browser or a server misreads it. Each
   * is at least five bytes, so that compressed data in a metadata area (an ICC profile, an EXIF
   * thumbnail) matches one by chance about once in 10^10 bytes.
   */
  private static final List<byte[]> MARKUP =
      List.of(
          ascii("<script"),
          ascii("<html"),
          ascii("<body"),
          ascii("<iframe"),
          ascii("<?php"),
          ascii("<!doctype"),
          ascii("javascript:"));

  private static final int LONGEST_MARKER = 11;

  private final int maxFrames;
  private final long maxPixels;

  MediaStructure(int maxFrames, long maxPixels) {
    this.maxFrames = maxFrames;
    this.maxPixels = maxPixels;
  }

  /**
   * Walks {@code in}, which holds exactly {@code size} bytes. Returns the dimensions and duration
   * the walk read where it reads them (WebM), else {@link Dimensions#UNKNOWN}.
   */
  Dimensions check(MediaFormat format, InputStream in, long size) throws IOException {
    Reader reader = new Reader(in);
    try {
      Dimensions read = Dimensions.UNKNOWN;
      switch (format) {
        case PNG -> png(reader);
        case GIF -> gif(reader);
        case WEBP -> webp(reader, size);
        case JPEG -> jpeg(reader, size);
        case MP4 -> mp4(reader, size);
        case WEBM -> read = WebmStructure.walk(reader, size);
      }
      if (reader.position < size) {
        throw refused(
            (size - reader.position)
                + " bytes after the end of the "
                + format
                + " (an appended file or a damaged one)");
      }
      return read;
    } catch (EOFException e) {
      // The body was read to its end; a structure that claims more is the file's fault, and
      // must not count against the source host as a network failure would.
      throw refused("the " + format + " structure runs past the end of the file");
    }
  }

  /**
   * Width and height from the first bytes, where PNG, GIF, WebP and (usually) JPEG keep them, so
   * that an absurd size is refused before the rest of the body is read; {@link Dimensions#UNKNOWN}
   * when the head does not hold them.
   */
  static Dimensions headerSize(MediaFormat format, byte[] head, int length) {
    ByteBuffer b = ByteBuffer.wrap(head, 0, length);
    return switch (format) {
      case PNG ->
          length >= 24 && ascii(head, 12, "IHDR")
              ? size(Integer.toUnsignedLong(b.getInt(16)), Integer.toUnsignedLong(b.getInt(20)))
              : Dimensions.UNKNOWN;
      case GIF -> length >= 10 ? size(u16le(head, 6), u16le(head, 8)) : Dimensions.UNKNOWN;
      case WEBP -> webpSize(head, length);
      case JPEG -> jpegSize(head, length);
      case MP4, WEBM -> Dimensions.UNKNOWN;
    };
  }

  private static Dimensions webpSize(byte[] h, int length) {
    if (length >= 30 && ascii(h, 12, "VP8X")) {
      return size(1 + u24le(h, 24), 1 + u24le(h, 27));
    }
    if (length >= 25 && ascii(h, 12, "VP8L") && h[20] == 0x2F) {
      long bits = u16le(h, 21) | (long) u16le(h, 23) << 16;
      return size((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }
    if (length >= 30 && ascii(h, 12, "VP8 ")) {
      return size(u16le(h, 26) & 0x3FFF, u16le(h, 28) & 0x3FFF);
    }
    return Dimensions.UNKNOWN;
  }

  private static Dimensions jpegSize(byte[] h, int length) {
    int i = 2;
    while (i + 9 < length && (h[i] & 0xFF) == 0xFF) {
      int code = h[i + 1] & 0xFF;
      int segment = (h[i + 2] & 0xFF) << 8 | (h[i + 3] & 0xFF);
      if ((code >= 0xC0 && code <= 0xCF) && code != 0xC4 && code != 0xC8 && code != 0xCC) {
        int height = (h[i + 5] & 0xFF) << 8 | (h[i + 6] & 0xFF);
        int width = (h[i + 7] & 0xFF) << 8 | (h[i + 8] & 0xFF);
        return size(width, height);
      }
      if (code == 0xDA || segment < 2) {
        break;
      }
      i += 2 + segment;
    }
    return Dimensions.UNKNOWN;
  }

  private static Dimensions size(long width, long height) {
    return width > Integer.MAX_VALUE || height > Integer.MAX_VALUE
        ? new Dimensions(Integer.MAX_VALUE, Integer.MAX_VALUE, null)
        : new Dimensions((int) width, (int) height, null);
  }

  private static boolean ascii(byte[] bytes, int at, String text) {
    for (int k = 0; k < text.length(); k++) {
      if (bytes[at + k] != text.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int u16le(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static int u24le(byte[] b, int at) {
    return u16le(b, at) | (b[at + 2] & 0xFF) << 16;
  }

  private int png(Reader in) throws IOException {
    in.skip(8);
    int frames = 1;
    int frameControls = 0;
    boolean first = true;
    while (true) {
      long length = in.u32be();
      String type = in.fourCc();
      if (length > Integer.MAX_VALUE) {
        throw refused("PNG chunk " + type + " claims " + length + " bytes");
      }
      if (first && !type.equals("IHDR")) {
        throw refused("PNG does not start with IHDR but " + printable(type));
      }
      first = false;
      switch (type) {
        case "IEND" -> {
          in.skip(length + 4);
          return frames;
        }
        case "IDAT", "fdAT" -> in.skip(length);
        case "acTL" -> {
          frames = frames(in.u32be(), "PNG animation control");
          in.skip(length - 4);
        }
        case "fcTL" -> {
          frames(++frameControls, "PNG frame controls");
          in.skip(4);
          pixels(in.u32be(), in.u32be(), "PNG frame");
          in.skip(length - 12);
        }
        default -> scan(in, length, "PNG chunk " + printable(type));
      }
      in.skip(4); // CRC
    }
  }

  private int gif(Reader in) throws IOException {
    in.skip(10);
    int packed = in.u8();
    in.skip(2);
    if ((packed & 0x80) != 0) {
      in.skip(3L << ((packed & 7) + 1));
    }
    int frames = 0;
    while (true) {
      int block = in.u8();
      switch (block) {
        case 0x3B -> {
          return Math.max(frames, 1);
        }
        case 0x21 -> {
          int label = in.u8();
          if (label == 0xF9) {
            subBlocks(in, null);
          } else {
            subBlocks(in, "GIF extension 0x" + Integer.toHexString(label));
          }
        }
        case 0x2C -> {
          frames(++frames, "GIF frames");
          in.skip(4);
          pixels(in.u16le(), in.u16le(), "GIF frame");
          int local = in.u8();
          if ((local & 0x80) != 0) {
            in.skip(3L << ((local & 7) + 1));
          }
          in.skip(1); // LZW minimum code size
          subBlocks(in, null);
        }
        default -> throw refused("unexpected GIF block 0x" + Integer.toHexString(block));
      }
    }
  }

  /** GIF data sub-blocks up to the empty one; scanned for markup when {@code what} names them. */
  private void subBlocks(Reader in, String what) throws IOException {
    int n;
    while ((n = in.u8()) != 0) {
      if (what == null) {
        in.skip(n);
      } else {
        scan(in, n, what);
      }
    }
  }

  private int webp(Reader in, long size) throws IOException {
    in.skip(4);
    long riffSize = in.u32le();
    if (riffSize + 8 != size) {
      throw refused("RIFF says " + (riffSize + 8) + " bytes but the file has " + size);
    }
    in.skip(4);
    int frames = 0;
    while (in.position < size) {
      String type = in.fourCc();
      long length = in.u32le();
      long padded = length + (length & 1);
      switch (type) {
        case "ANMF" -> {
          frames(++frames, "WebP frames");
          in.skip(padded);
        }
        case "VP8 ", "VP8L", "ALPH", "VP8X", "ANIM", "ICCP" -> in.skip(padded);
        default -> scan(in, padded, "WebP chunk " + printable(type));
      }
    }
    return Math.max(frames, 1);
  }

  private int jpeg(Reader in, long size) throws IOException {
    in.skip(2);
    int pending = -1;
    while (true) {
      int code = pending;
      pending = -1;
      if (code < 0) {
        int marker = in.u8();
        if (marker != 0xFF) {
          throw refused("JPEG segment does not start with a marker");
        }
        code = in.u8();
      }
      while (code == 0xFF) {
        code = in.u8(); // fill bytes
      }
      if (code == 0xD9) {
        return 1;
      }
      if (code == 0x01 || (code >= 0xD0 && code <= 0xD7)) {
        continue;
      }
      int length = in.u16be();
      if (length < 2) {
        throw refused("JPEG segment 0x" + Integer.toHexString(code) + " has length " + length);
      }
      if ((code >= 0xC0 && code <= 0xCF) && code != 0xC4 && code != 0xC8 && code != 0xCC) {
        in.skip(1);
        int height = in.u16be();
        int width = in.u16be();
        pixels(width, height, "JPEG frame");
        in.skip(length - 7);
      } else if (code == 0xDA) {
        in.skip(length - 2);
        pending = entropyCodedData(in);
        if (pending == 0xD9) {
          return 1;
        }
      } else {
        scan(in, length - 2, "JPEG segment 0x" + Integer.toHexString(code));
      }
    }
  }

  /**
   * Reads the scan data after a start-of-scan segment up to the next marker, which it returns:
   * stuffed bytes ({@code FF00}) and restart markers belong to the data. The end-of-image marker
   * ends the file; any other marker starts another segment (a progressive JPEG has several scans).
   */
  private static int entropyCodedData(Reader in) throws IOException {
    while (true) {
      if (in.u8() != 0xFF) {
        continue;
      }
      int next = in.u8();
      while (next == 0xFF) {
        next = in.u8();
      }
      if (next != 0x00 && (next < 0xD0 || next > 0xD7)) {
        return next;
      }
    }
  }

  private int mp4(Reader in, long size) throws IOException {
    boolean first = true;
    boolean movie = false;
    while (in.position < size) {
      long start = in.position;
      long boxSize = in.u32be();
      String type = in.fourCc();
      if (first && !type.equals("ftyp")) {
        throw refused("MP4 does not start with ftyp but " + printable(type));
      }
      first = false;
      if (boxSize == 0) {
        boxSize = size - start;
      } else if (boxSize == 1) {
        boxSize = in.u64be();
      }
      long header = in.position - start;
      if (boxSize < header || boxSize > size - start) {
        throw refused("MP4 box " + printable(type) + " claims " + boxSize + " bytes");
      }
      movie |= type.equals("moov");
      in.skip(boxSize - header);
    }
    if (!movie) {
      // An ftyp box in front of other bytes is the cheapest lie; a playable file has a movie box.
      throw refused("MP4 has no moov box: no movie header, so it is not a playable MP4");
    }
    return 1;
  }

  private int frames(long count, String what) throws MediaRejectedException {
    if (count > maxFrames) {
      throw new MediaRejectedException(
          RejectReason.DIMENSIONS_EXCEEDED,
          what + ": " + count + " frames exceed the cap of " + maxFrames);
    }
    return (int) count;
  }

  private void pixels(long width, long height, String what) throws MediaRejectedException {
    // Both may be 32-bit unsigned: divide rather than multiply, which could overflow.
    if (width > 0 && height > maxPixels / width) {
      throw new MediaRejectedException(
          RejectReason.DIMENSIONS_EXCEEDED,
          what + " of " + width + "x" + height + " exceeds the cap of " + maxPixels + " pixels");
    }
  }

  /** Reads {@code length} bytes of a text or metadata area and refuses markup in them. */
  static void scan(Reader in, long length, String where) throws IOException {
    if (length <= 0) {
      in.skip(length);
      return;
    }
    byte[] window = in.window;
    int carried = 0;
    long left = length;
    while (left > 0) {
      int n = in.read(window, carried, (int) Math.min(window.length - carried, left));
      left -= n;
      int end = carried + n;
      String found = markup(window, end);
      if (found != null) {
        throw refused(where + " holds markup (" + found + ")");
      }
      carried = Math.min(LONGEST_MARKER - 1, end);
      System.arraycopy(window, end - carried, window, 0, carried);
    }
  }

  private static String markup(byte[] bytes, int end) {
    for (int i = 0; i < end; i++) {
      byte b = bytes[i];
      if (b != '<' && b != 'j' && b != 'J') {
        continue;
      }
      for (byte[] marker : MARKUP) {
        if (startsWithIgnoringCase(bytes, i, end, marker)) {
          return new String(marker, StandardCharsets.US_ASCII);
        }
      }
    }
    return null;
  }

  private static boolean startsWithIgnoringCase(byte[] bytes, int at, int end, byte[] marker) {
    if (end - at < marker.length) {
      return false;
    }
    for (int k = 0; k < marker.length; k++) {
      int b = bytes[at + k];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != marker[k]) {
        return false;
      }
    }
    return true;
  }

  static MediaRejectedException refused(String detail) {
    return new MediaRejectedException(RejectReason.UNSUPPORTED_MEDIA, detail);
  }

  private static String printable(String fourCc) {
    return fourCc.chars().allMatch(c -> c >= 0x20 && c < 0x7F)
        ? "'" + fourCc + "'"
        : "0x" + HexFormat.of().formatHex(fourCc.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] ascii(String text) {
    return text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Big- and little-endian reads over a buffer of its own, counting the position and failing at the
   * end of the file; and the one window the markup scan uses for a whole walk.
   */
  static final class Reader {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    final byte[] window = new byte[8192 + LONGEST_MARKER];
    private int next;
    private int limit;
    long position;

    Reader(InputStream in) {
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
  }
}
