package io.mediakeep.worker.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A bounded walk of a WebM file's EBML elements, forward once: the EBML header must name the {@code
 * webm} document type, one Segment must follow and hold the rest of the file, and every element
 * must fit inside its parent. On the way it reads the duration (Info) and the first video track's
 * pixel size (Tracks), and scans Tags for markup. Nothing else is descended into: clusters and cues
 * are skipped by their sizes, so the walk costs one pass over the element headers.
 *
 * <p>Only the Segment may have an unknown size (it then ends with the file). A cluster of unknown
 * size, as a live recording writes, is refused: every encoder writing a file writes sizes.
 */
final class WebmStructure {

  private static final long EBML = 0x1A45DFA3L;
  private static final long DOC_TYPE = 0x4282L;
  private static final long SEGMENT = 0x18538067L;
  private static final long INFO = 0x1549A966L;
  private static final long TIMECODE_SCALE = 0x2AD7B1L;
  private static final long DURATION = 0x4489L;
  private static final long TRACKS = 0x1654AE6BL;
  private static final long TRACK_ENTRY = 0xAEL;
  private static final long TRACK_TYPE = 0x83L;
  private static final long VIDEO = 0xE0L;
  private static final long PIXEL_WIDTH = 0xB0L;
  private static final long PIXEL_HEIGHT = 0xBAL;
  private static final long TAGS = 0x1254C367L;
  private static final int VIDEO_TRACK = 1;

  /** Marks an element whose size is unknown (all value bits set). */
  private static final long UNKNOWN = -1;

  private WebmStructure() {}

  /**
   * Walks the {@code size} bytes of {@code in}; returns the first video track's size and the
   * duration.
   */
  static Dimensions walk(ContainerReader in, long size) throws IOException {
    if (id(in) != EBML) {
      throw ContainerReader.refused("WebM does not start with an EBML header");
    }
    long headerEnd = end(in, knownSize(in, "EBML header"), size, "EBML header");
    String docType = null;
    while (in.position < headerEnd) {
      long id = id(in);
      long length = knownSize(in, "EBML header field");
      end(in, length, headerEnd, "EBML header field");
      if (id == DOC_TYPE) {
        docType = text(in, length);
      } else {
        in.skip(length);
      }
    }
    if (!"webm".equals(docType)) {
      throw ContainerReader.refused(
          "EBML document type is "
              + (docType == null ? "missing" : "'" + docType + "'")
              + ", not webm");
    }
    if (id(in) != SEGMENT) {
      throw ContainerReader.refused("WebM has no Segment after its EBML header");
    }
    long segmentSize = size(in);
    long segmentEnd = segmentSize == UNKNOWN ? size : end(in, segmentSize, size, "Segment");
    Track track = new Track();
    double duration = -1;
    long scale = 1_000_000;
    while (in.position < segmentEnd) {
      long id = id(in);
      long end = end(in, knownSize(in, "a Segment element"), segmentEnd, "a Segment element");
      if (id == INFO) {
        while (in.position < end) {
          long field = id(in);
          long length = knownSize(in, "Info field");
          end(in, length, end, "Info field");
          if (field == TIMECODE_SCALE) {
            scale = unsigned(in, length);
          } else if (field == DURATION) {
            duration = number(in, length);
          } else {
            in.skip(length);
          }
        }
      } else if (id == TRACKS) {
        tracks(in, end, track);
      } else if (id == TAGS) {
        MarkupScan.scan(in, end - in.position, "WebM tags");
      } else {
        in.skip(end - in.position);
      }
    }
    Long durationMs =
        duration < 0 || scale <= 0 ? null : Math.round(duration * scale / 1_000_000.0);
    return new Dimensions(track.width, track.height, durationMs);
  }

  /** The first video track's PixelWidth and PixelHeight. */
  private static final class Track {
    Integer width;
    Integer height;
  }

  private static void tracks(ContainerReader in, long end, Track first) throws IOException {
    while (in.position < end) {
      long id = id(in);
      long entryEnd = end(in, knownSize(in, "Tracks element"), end, "Tracks element");
      if (id != TRACK_ENTRY) {
        in.skip(entryEnd - in.position);
        continue;
      }
      long type = -1;
      Integer width = null;
      Integer height = null;
      while (in.position < entryEnd) {
        long field = id(in);
        long fieldEnd = end(in, knownSize(in, "TrackEntry field"), entryEnd, "TrackEntry field");
        if (field == TRACK_TYPE) {
          type = unsigned(in, fieldEnd - in.position);
        } else if (field == VIDEO) {
          while (in.position < fieldEnd) {
            long videoField = id(in);
            long length = knownSize(in, "Video field");
            end(in, length, fieldEnd, "Video field");
            if (videoField == PIXEL_WIDTH) {
              width = pixels(unsigned(in, length));
            } else if (videoField == PIXEL_HEIGHT) {
              height = pixels(unsigned(in, length));
            } else {
              in.skip(length);
            }
          }
        } else {
          in.skip(fieldEnd - in.position);
        }
      }
      if (type == VIDEO_TRACK && first.width == null && width != null && height != null) {
        first.width = width;
        first.height = height;
      }
    }
  }

  /** An element ID: 1 to 4 bytes, its length marker kept, as the specification writes IDs. */
  private static long id(ContainerReader in) throws IOException {
    int first = in.u8();
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || length > 4) {
      throw ContainerReader.refused(
          "WebM element ID 0x" + Integer.toHexString(first) + " is invalid");
    }
    long id = first;
    for (int i = 1; i < length; i++) {
      id = id << 8 | in.u8();
    }
    return id;
  }

  /** An element size: 1 to 8 bytes; {@link #UNKNOWN} when every value bit is set. */
  private static long size(ContainerReader in) throws IOException {
    int first = in.u8();
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0) {
      throw ContainerReader.refused("WebM element size is invalid");
    }
    long value = first & (0xFF >> length);
    boolean allOnes = value == (0xFF >> length);
    for (int i = 1; i < length; i++) {
      int b = in.u8();
      allOnes &= b == 0xFF;
      value = value << 8 | b;
    }
    return allOnes ? UNKNOWN : value;
  }

  private static long knownSize(ContainerReader in, String what) throws IOException {
    long size = size(in);
    if (size == UNKNOWN) {
      throw ContainerReader.refused(
          what + " has an unknown size (a live recording?); only the Segment may");
    }
    return size;
  }

  /**
   * Where an element of {@code length} bytes starting here ends; refuses one past {@code limit}.
   */
  private static long end(ContainerReader in, long length, long limit, String what)
      throws IOException {
    if (length > limit - in.position) {
      throw ContainerReader.refused(
          what + " claims " + length + " bytes, more than its container holds");
    }
    return in.position + length;
  }

  private static long unsigned(ContainerReader in, long length) throws IOException {
    if (length > 8) {
      throw ContainerReader.refused("WebM integer of " + length + " bytes");
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = value << 8 | in.u8();
    }
    return value;
  }

  private static double number(ContainerReader in, long length) throws IOException {
    if (length == 4) {
      return Float.intBitsToFloat((int) unsigned(in, 4));
    }
    if (length == 8) {
      return Double.longBitsToDouble(unsigned(in, 8));
    }
    if (length == 0) {
      return 0;
    }
    throw ContainerReader.refused("WebM float of " + length + " bytes");
  }

  private static String text(ContainerReader in, long length) throws IOException {
    if (length > 64) {
      throw ContainerReader.refused("EBML document type of " + length + " bytes");
    }
    byte[] bytes = new byte[(int) length];
    in.read(bytes, 0, bytes.length);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.US_ASCII);
  }

  private static Integer pixels(long value) throws IOException {
    if (value <= 0 || value > Integer.MAX_VALUE) {
      throw ContainerReader.refused("WebM video size " + value + " is invalid");
    }
    return (int) value;
  }
}
