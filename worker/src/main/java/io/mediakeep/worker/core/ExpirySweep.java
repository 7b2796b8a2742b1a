package io.mediakeep.worker.core;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The expiry sweep: every live workspace asset past its expiry becomes a tombstone, its object is
 * deleted and one expired event is published for it. Batches are claimed with SKIP LOCKED, so any
 * number of sweepers (one in every worker, and the CLI) share the work and each asset is handled by
 * one of them. Before expiring, a sweep finishes the removals an earlier one left (a crash) and
 * copies the objects of V4 library entries, so it never deletes what an entry still points at.
 */
public final class ExpirySweep {

  /** What one run did. */
  public record Report(
      long expired, long bytes, long finishedLeftovers, int copied, int failed, Duration took) {}

  /** Hears the run's progress after each batch. */
  @FunctionalInterface
  public interface Progress {
    void update(long expired, long bytes);

    Progress NONE = (expired, bytes) -> {};
  }

  private final ExpiryLedger ledger;
  private final RemovalDrain drain;
  private final LibraryCopies copies;
  private final Clock clock;
  private final int batch;
  private final LifecycleObserver observer;

  public ExpirySweep(
      ExpiryLedger ledger,
      RemovalDrain drain,
      LibraryCopies copies,
      Clock clock,
      int batch,
      LifecycleObserver observer) {
    this.ledger = ledger;
    this.drain = drain;
    this.copies = copies;
    this.clock = clock;
    this.batch = batch;
    this.observer = observer;
  }

  /**
   * Sweeps until nothing has expired, {@code limit} assets were expired, or {@code stop} says so
   * (between batches). A database that fails throws; what was done stays done.
   */
  public Report run(long limit, Progress progress, BooleanSupplier stop) throws IOException {
    Instant start = clock.instant();
    RemovalDrain.Result leftovers = drain.drain(new RemovalQueue.Selection.All(), batch);
    int copied = 0;
    for (int adopted; (adopted = copies.adoptPending(batch)) > 0; ) {
      copied += adopted;
    }
    long expired = 0;
    long bytes = 0;
    int failed = leftovers.failed();
    while (expired < limit && !stop.getAsBoolean()) {
      List<Removal> queued = ledger.expire(clock.instant(), (int) Math.min(batch, limit - expired));
      if (queued.isEmpty()) {
        break;
      }
      CrashPoint.REMOVALS_QUEUED.reached();
      expired += queued.size();
      RemovalDrain.Result drained =
          drain.drain(
              new RemovalQueue.Selection.Ids(queued.stream().map(Removal::id).toList()),
              queued.size());
      bytes += drained.bytes();
      failed += drained.failed();
      progress.update(expired, bytes);
    }
    Duration took = Duration.between(start, clock.instant());
    observer.swept(took);
    return new Report(expired, bytes, leftovers.done(), copied, failed, took);
  }

  public ExpiryLedger.Preview preview() {
    return ledger.preview(clock.instant());
  }
}
