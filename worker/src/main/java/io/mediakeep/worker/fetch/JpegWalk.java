package io.mediakeep.worker.fetch;

import java.io.IOException;

/**
 * The walk of a JPEG: segment by segment and through the scan data to the end-of-image marker,
 * checking each frame header's size; other segments (comments, metadata) are scanned for markup.
 */
final class JpegWalk {

  private JpegWalk() {}

  static int walk(ContainerReader in, long size, StructureCaps caps) throws IOException {
    in.skip(2);
    int pending = -1;
    while (true) {
      int code = pending;
      pending = -1;
      if (code < 0) {
        int marker = in.u8();
        if (marker != 0xFF) {
          throw ContainerReader.refused("JPEG segment does not start with a marker");
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
        throw ContainerReader.refused(
            "JPEG segment 0x" + Integer.toHexString(code) + " has length " + length);
      }
      if ((code >= 0xC0 && code <= 0xCF) && code != 0xC4 && code != 0xC8 && code != 0xCC) {
        in.skip(1);
        int height = in.u16be();
        int width = in.u16be();
        caps.pixels(width, height, "JPEG frame");
        in.skip(length - 7);
      } else if (code == 0xDA) {
        in.skip(length - 2);
        pending = entropyCodedData(in);
        if (pending == 0xD9) {
          return 1;
        }
      } else {
        MarkupScan.scan(in, length - 2, "JPEG segment 0x" + Integer.toHexString(code));
      }
    }
  }

  /**
   * Reads the scan data after a start-of-scan segment up to the next marker, which it returns:
   * stuffed bytes ({@code FF00}) and restart markers belong to the data. The end-of-image marker
   * ends the file; any other marker starts another segment (a progressive JPEG has several scans).
   */
  private static int entropyCodedData(ContainerReader in) throws IOException {
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
}
