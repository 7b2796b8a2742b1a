package io.mediakeep.worker.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** Progress of a replay on the terminal: at most a line a second while it runs. */
final class ReplayProgress {

  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final long total;
  private final long held;
  private long lastPrinted;

  ReplayProgress(PrintWriter err, LongSupplier nanoTime, long total, long held) {
    this.err = err;
    this.nanoTime = nanoTime;
    this.total = total;
    this.held = held;
    this.lastPrinted = nanoTime.getAsLong();
  }

  /** Prints the counts if a second has passed since the last line. */
  void update(long sent, long failed) {
    long now = nanoTime.getAsLong();
    if (now - lastPrinted >= INTERVAL_NANOS) {
      lastPrinted = now;
      print(sent, failed);
    }
  }

  private void print(long sent, long failed) {
    err.println("replay: " + counts(sent, failed, total, held));
    err.flush();
  }

  /** For example {@code 340/1200 sent (28%), 12 held at the replay limit}. */
  static String counts(long sent, long failed, long total, long held) {
    long percent = total == 0 ? 100 : sent * 100 / total;
    StringBuilder line =
        new StringBuilder()
            .append(sent)
            .append('/')
            .append(total)
            .append(" sent (")
            .append(percent)
            .append("%)");
    if (failed > 0) {
      line.append(", ").append(failed).append(" failed");
    }
    return line.append(", ").append(held).append(" held at the replay limit").toString();
  }
}
