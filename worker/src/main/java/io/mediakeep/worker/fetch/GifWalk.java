package io.mediakeep.worker.fetch;

import java.io.IOException;

/**
 * The walk of a GIF: block by block to the trailer, checking each frame's size and the frame count;
 * extensions other than graphic control are scanned for markup; returns the frame count.
 */
final class GifWalk {

  private GifWalk() {}

  static int walk(ContainerReader in, StructureCaps caps) throws IOException {
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
          caps.frames(++frames, "GIF frames");
          in.skip(4);
          caps.pixels(in.u16le(), in.u16le(), "GIF frame");
          int local = in.u8();
          if ((local & 0x80) != 0) {
            in.skip(3L << ((local & 7) + 1));
          }
          in.skip(1); // LZW minimum code size
          subBlocks(in, null);
        }
        default ->
            throw ContainerReader.refused("unexpected GIF block 0x" + Integer.toHexString(block));
      }
    }
  }

  /** GIF data sub-blocks up to the empty one; scanned for markup when {@code what} names them. */
  private static void subBlocks(ContainerReader in, String what) throws IOException {
    int n;
    while ((n = in.u8()) != 0) {
      if (what == null) {
        in.skip(n);
      } else {
        MarkupScan.scan(in, n, what);
      }
    }
  }
}
