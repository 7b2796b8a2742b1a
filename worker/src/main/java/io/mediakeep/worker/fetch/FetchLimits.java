package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.MediaKind;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The bounds of one download: deadlines, size caps per media kind, the pixel cap (of the canvas and
 * of every frame), the frame cap of animated images, the duration cap of videos, spooling.
 */
public record FetchLimits(
    Duration connectTimeout,
    Duration idleTimeout,
    Duration totalTimeout,
    int maxRedirects,
    long maxImageBytes,
    long maxVideoBytes,
    long maxPixels,
    int maxFrames,
    Duration maxVideoDuration,
    int inMemoryBytes,
    Path spoolDir) {

  public long maxBytes(MediaKind kind) {
    return kind == MediaKind.VIDEO ? maxVideoBytes : maxImageBytes;
  }
}
