package io.mediakeep.worker.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step boundaries where the reliability harness can make the worker die on purpose, as a SIGKILL
 * would: {@code MEDIAKEEP_CRASH_AT=AFTER_S3_PUT:5} halts the process the fifth time any event
 * passes that boundary. Unarmed (the default) a boundary costs one volatile read.
 *
 * <p>{@link Runtime#halt} skips shutdown hooks, finally blocks and buffered output, which is what a
 * crash does; the exit status is {@link #EXIT_STATUS}.
 */
public enum CrashPoint {
  /** Records were polled and handed to tasks; nothing processed yet. */
  AFTER_POLL,
  /** The first bytes of a download were read. */
  MID_DOWNLOAD,
  /** The object is in S3; the row is not written yet. */
  AFTER_S3_PUT,
  /** The row is committed; nothing published yet. */
  AFTER_DB_COMMIT,
  /** The asset-stored or asset-rejected event is acknowledged; the offset is not committed. */
  AFTER_PUBLISH,
  /** The broker acknowledged an offset commit; the worker dies before acting on it. */
  DURING_OFFSET_COMMIT,
  /** Rows were tombstoned or removed and their removals queued; no object deleted yet. */
  REMOVALS_QUEUED,
  /** The objects of claimed removals were deleted; their events are not published yet. */
  OBJECTS_DELETED,
  /** The events of claimed removals are acknowledged; the removals are not marked done yet. */
  REMOVALS_PUBLISHED;

  public static final int EXIT_STATUS = 86;

  private static volatile CrashPoint armed;
  private static final AtomicLong remaining = new AtomicLong();

  /** Arms one boundary: the {@code nth} pass halts the process. */
  public static void arm(CrashPoint point, long nth) {
    if (nth < 1) {
      throw new IllegalArgumentException("nth must be at least 1");
    }
    remaining.set(nth);
    armed = point;
  }

  /** Parses {@code STEP} or {@code STEP:N} (N defaults to 1), as in MEDIAKEEP_CRASH_AT. */
  public static Armed parse(String spec) {
    String[] parts = spec.trim().split(":", 2);
    String name = parts[0].trim().toUpperCase(Locale.ROOT).replace('-', '_');
    CrashPoint point =
        Arrays.stream(values())
            .filter(p -> p.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'" + parts[0] + "' is not a step; one of " + Arrays.toString(values())));
    long nth;
    try {
      nth = parts.length == 2 ? Long.parseLong(parts[1].trim()) : 1;
    } catch (NumberFormatException e) {
      nth = 0;
    }
    if (nth < 1) {
      throw new IllegalArgumentException("the count after ':' must be a number of at least 1");
    }
    return new Armed(point, nth);
  }

  /** A boundary with the pass that halts. */
  public record Armed(CrashPoint point, long nth) {
    public void arm() {
      CrashPoint.arm(point, nth);
    }
  }

  /** Marks a pass over this boundary; halts the process if it is the armed one. */
  public void reached() {
    if (armed == this && remaining.decrementAndGet() == 0) {
      System.err.println("mediakeep: crashing on purpose at " + this + " (MEDIAKEEP_CRASH_AT)");
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
