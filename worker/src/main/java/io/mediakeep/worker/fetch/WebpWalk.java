package io.mediakeep.worker.fetch;

import java.io.IOException;

/**
 * The walk of a WebP: the RIFF size must be the file's, then chunk by chunk, counting animation
 * frames; unknown chunks are scanned for markup; returns the frame count.
 */
final class WebpWalk {

  private WebpWalk() {}

  static int walk(ContainerReader in, long size, StructureCaps caps) throws IOException {
    in.skip(4);
    long riffSize = in.u32le();
    if (riffSize + 8 != size) {
      throw ContainerReader.refused(
          "RIFF says " + (riffSize + 8) + " bytes but the file has " + size);
    }
    in.skip(4);
    int frames = 0;
    while (in.position < size) {
      String type = in.fourCc();
      long length = in.u32le();
      long padded = length + (length & 1);
      switch (type) {
        case "ANMF" -> {
          caps.frames(++frames, "WebP frames");
          in.skip(padded);
        }
        case "VP8 ", "VP8L", "ALPH", "VP8X", "ANIM", "ICCP" -> in.skip(padded);
        default -> MarkupScan.scan(in, padded, "WebP chunk " + ContainerReader.printable(type));
      }
    }
    return Math.max(frames, 1);
  }
}
