package io.mediakeep.worker.fetch;

import java.io.IOException;

/**
 * The walk of a PNG: chunk by chunk from IHDR to IEND, counting animation frames and checking each
 * frame's size; text and unknown chunks are scanned for markup; returns the frame count.
 */
final class PngWalk {

  private PngWalk() {}

  static int walk(ContainerReader in, StructureCaps caps) throws IOException {
    in.skip(8);
    int frames = 1;
    int frameControls = 0;
    boolean first = true;
    while (true) {
      long length = in.u32be();
      String type = in.fourCc();
      if (length > Integer.MAX_VALUE) {
        throw ContainerReader.refused("PNG chunk " + type + " claims " + length + " bytes");
      }
      if (first && !type.equals("IHDR")) {
        throw ContainerReader.refused(
            "PNG does not start with IHDR but " + ContainerReader.printable(type));
      }
      first = false;
      switch (type) {
        case "IEND" -> {
          in.skip(length + 4);
          return frames;
        }
        case "IDAT", "fdAT" -> in.skip(length);
        case "acTL" -> {
          frames = caps.frames(in.u32be(), "PNG animation control");
          in.skip(length - 4);
        }
        case "fcTL" -> {
          caps.frames(++frameControls, "PNG frame controls");
          in.skip(4);
          caps.pixels(in.u32be(), in.u32be(), "PNG frame");
          in.skip(length - 12);
        }
        default -> MarkupScan.scan(in, length, "PNG chunk " + ContainerReader.printable(type));
      }
      in.skip(4); // CRC
    }
  }
}
