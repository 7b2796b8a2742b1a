package io.mediakeep.worker.core;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Repairs what a {@link Reconciliation} found, each finding checked again first: an orphan object
 * is deleted if still no row names it; a row whose object is missing or has another size is removed
 * if it is still live and still names that object, and its removal (deleting what is left of the
 * object, then publishing {@code media.asset.lost}) is carried out at once by the removal drain, or
 * by the next sweep if S3 or Kafka fails now. Running it again finds nothing more to do.
 */
public final class ReconcileFixes {

  /** What one fix came to. */
  public enum Result {
    FIXED,
    /** The finding no longer holds: a row appeared, or the row changed meanwhile. */
    GONE,
    /** The row is removed, its event waits in the removal queue for the next drain. */
    QUEUED
  }

  private final Reconciliation.ReconcileLedger rows;
  private final ObjectStore store;
  private final RemovalDrain drain;
  private final Clock clock;

  public ReconcileFixes(
      Reconciliation.ReconcileLedger rows, ObjectStore store, RemovalDrain drain, Clock clock) {
    this.rows = rows;
    this.store = store;
    this.drain = drain;
    this.clock = clock;
  }

  public Result fix(Reconciliation.Finding finding) throws IOException {
    return switch (finding) {
      case Reconciliation.Finding.Orphan orphan -> {
        if (rows.isNamed(orphan.bucket(), orphan.key())) {
          yield Result.GONE;
        }
        store.delete(orphan.bucket(), orphan.key());
        yield Result.FIXED;
      }
      case Reconciliation.Finding.Missing missing -> lose(missing.bucket(), missing.row(), null);
      case Reconciliation.Finding.WrongSize wrong ->
          lose(wrong.bucket(), wrong.row(), wrong.foundSizeBytes());
    };
  }

  private Result lose(String bucket, Reconciliation.NamedObject row, Long foundSize) {
    Optional<Long> removal = rows.lose(bucket, row, foundSize, clock.instant());
    if (removal.isEmpty()) {
      return Result.GONE;
    }
    RemovalDrain.Result drained =
        drain.drain(new RemovalQueue.Selection.Ids(List.of(removal.get())), 1);
    return drained.failed() == 0 ? Result.FIXED : Result.QUEUED;
  }
}
