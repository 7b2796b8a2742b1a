package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.MediaRejectedException;

/** The caps every walk enforces: frames of an animation, and pixels of any one frame. */
record StructureCaps(int maxFrames, long maxPixels) {

  int frames(long count, String what) throws MediaRejectedException {
    if (count > maxFrames) {
      throw new MediaRejectedException(
          RejectReason.DIMENSIONS_EXCEEDED,
          what + ": " + count + " frames exceed the cap of " + maxFrames);
    }
    return (int) count;
  }

  void pixels(long width, long height, String what) throws MediaRejectedException {
    // Both may be 32-bit unsigned: divide rather than multiply, which could overflow.
    if (width > 0 && height > maxPixels / width) {
      throw new MediaRejectedException(
          RejectReason.DIMENSIONS_EXCEEDED,
          what + " of " + width + "x" + height + " exceeds the cap of " + maxPixels + " pixels");
    }
  }
}
