package io.mediakeep.worker.fetch;

import java.io.IOException;

/**
 * The walk of an MP4: top-level boxes from ftyp to the end of the file, each inside it; a movie box
 * (moov) is required.
 */
final class Mp4Walk {

  private Mp4Walk() {}

  static int walk(ContainerReader in, long size, StructureCaps caps) throws IOException {
    boolean first = true;
    boolean movie = false;
    while (in.position < size) {
      long start = in.position;
      long boxSize = in.u32be();
      String type = in.fourCc();
      if (first && !type.equals("ftyp")) {
        throw ContainerReader.refused(
            "MP4 does not start with ftyp but " + ContainerReader.printable(type));
      }
      first = false;
      if (boxSize == 0) {
        boxSize = size - start;
      } else if (boxSize == 1) {
        boxSize = in.u64be();
      }
      long header = in.position - start;
      if (boxSize < header || boxSize > size - start) {
        throw ContainerReader.refused(
            "MP4 box " + ContainerReader.printable(type) + " claims " + boxSize + " bytes");
      }
      movie |= type.equals("moov");
      in.skip(boxSize - header);
    }
    if (!movie) {
      // An ftyp box in front of other bytes is the cheapest lie; a playable file has a movie box.
      throw ContainerReader.refused(
          "MP4 has no moov box: no movie header, so it is not a playable MP4");
    }
    return 1;
  }
}
