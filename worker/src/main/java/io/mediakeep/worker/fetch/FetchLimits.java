package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.MediaKind;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The bounds of one download: deadlines, size caps per media kind, the pixel cap (of the canvas and
 * of every frame), the frame cap of animated images, the duration cap of videos, spooling, and the
 * minimum transfer rate ({@code minRateBytes} per {@code rateWindow}; 0 turns it off).
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
    Path spoolDir,
    long minRateBytes,
    Duration rateWindow) {

  /** The default floor: 64 KiB per 10 s, which any CDN passes many times over. */
  public static final long DEFAULT_MIN_RATE_BYTES = 64 * 1024;

  public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(10);

  /** These limits with another minimum transfer rate. */
  public FetchLimits withMinimumRate(long bytes, Duration window) {
    return new FetchLimits(
        connectTimeout,
        idleTimeout,
        totalTimeout,
        maxRedirects,
        maxImageBytes,
        maxVideoBytes,
        maxPixels,
        maxFrames,
        maxVideoDuration,
        inMemoryBytes,
        spoolDir,
        bytes,
        window);
  }

  public long maxBytes(MediaKind kind) {
    return kind == MediaKind.VIDEO ? maxVideoBytes : maxImageBytes;
  }
}
