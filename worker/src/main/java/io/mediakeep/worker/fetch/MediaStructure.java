package io.mediakeep.worker.fetch;

import io.mediakeep.worker.core.MediaFormat;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Walks the container of a downloaded file without decoding pixels, with one walker per format
 * ({@link PngWalk}, {@link GifWalk}, {@link WebpWalk}, {@link JpegWalk}, {@link Mp4Walk}, {@link
 * WebmStructure}) over one bounded reader ({@link ContainerReader}). A file that claims a format
 * must be that format from its first byte to its last: bytes after the end (a ZIP or a page
 * appended to an image is the classic polyglot), a structure that runs past the end, markup hidden
 * in text chunks, comments and metadata segments, more frames than the cap, or a frame larger than
 * the pixel cap are all refused.
 *
 * <p>Every walk reads forward once and skips what it does not inspect, so its time is bounded by
 * the number of chunks, which the size cap bounds, and its memory by one buffer.
 */
final class MediaStructure {

  private final StructureCaps caps;

  MediaStructure(int maxFrames, long maxPixels) {
    this.caps = new StructureCaps(maxFrames, maxPixels);
  }

  /**
   * Walks {@code in}, which holds exactly {@code size} bytes. Returns the dimensions and duration
   * the walk read where it reads them (WebM), else {@link Dimensions#UNKNOWN}.
   */
  Dimensions check(MediaFormat format, InputStream in, long size) throws IOException {
    ContainerReader reader = new ContainerReader(in);
    try {
      Dimensions read = Dimensions.UNKNOWN;
      switch (format) {
        case PNG -> PngWalk.walk(reader, caps);
        case GIF -> GifWalk.walk(reader, caps);
        case WEBP -> WebpWalk.walk(reader, size, caps);
        case JPEG -> JpegWalk.walk(reader, size, caps);
        case MP4 -> Mp4Walk.walk(reader, size, caps);
        case WEBM -> read = WebmStructure.walk(reader, size);
      }
      if (reader.position < size) {
        throw ContainerReader.refused(
            (size - reader.position)
                + " bytes after the end of the "
                + format
                + " (an appended file or a damaged one)");
      }
      return read;
    } catch (EOFException e) {
      // The body was read to its end; a structure that claims more is the file's fault, and
      // must not count against the source host as a network failure would.
      throw ContainerReader.refused("the " + format + " structure runs past the end of the file");
    }
  }
}
