package io.mediakeep.worker.db;

import io.mediakeep.worker.core.AssetLedger.Recorded;
import io.mediakeep.worker.core.NewAsset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for recordings: the recordings that are ready while others are being written go
 * together, in one transaction, when a writer is free.
 *
 * <p>Nothing waits for a batch to fill. A recording that finds a writer free is written at once, by
 * the thread that asked for it, with whatever else is waiting; one that finds every writer busy
 * waits for the next of them to take it, with everything else that arrived meanwhile, up to {@code
 * maxBatch}. So at low load every recording is its own transaction, as before, and under load the
 * transactions grow with the queue instead of the queue growing with the load.
 *
 * <p>When a batch fails as a whole, each of its recordings is written again on its own, so a row
 * that the database refuses fails its own recording only, with its own error.
 */
final class RecordBatches {

  private static final Logger log = LoggerFactory.getLogger(RecordBatches.class);

  private final Function<List<NewAsset>, List<Recorded>> recordAll;
  private final Function<NewAsset, Recorded> recordOne;
  private final int maxWriters;
  private final int maxBatch;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger writers = new AtomicInteger();
  private final LongAdder transactions = new LongAdder();
  private final LongAdder recorded = new LongAdder();

  private record Pending(NewAsset asset, CompletableFuture<Recorded> result) {}

  RecordBatches(
      Function<List<NewAsset>, List<Recorded>> recordAll,
      Function<NewAsset, Recorded> recordOne,
      int maxWriters,
      int maxBatch) {
    if (maxWriters < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("at least one writer and one recording per batch");
    }
    this.recordAll = recordAll;
    this.recordOne = recordOne;
    this.maxWriters = maxWriters;
    this.maxBatch = maxBatch;
  }

  Recorded record(NewAsset asset) {
    Pending mine = new Pending(asset, new CompletableFuture<>());
    queue.add(mine);
    if (takeWriter()) {
      try {
        while (!mine.result().isDone()) {
          List<Pending> batch = next();
          if (batch.isEmpty()) {
            break; // another writer has taken it
          }
          write(batch);
        }
      } finally {
        releaseWriter();
      }
    }
    try {
      return mine.result().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the recording was written", e);
    }
  }

  /** Transactions written so far. */
  long transactions() {
    return transactions.sum();
  }

  /** Recordings written so far. */
  long recorded() {
    return recorded.sum();
  }

  private boolean takeWriter() {
    int now;
    do {
      now = writers.get();
      if (now >= maxWriters) {
        return false;
      }
    } while (!writers.compareAndSet(now, now + 1));
    return true;
  }

  /**
   * Gives a writer back; what arrived while every writer was busy and is still waiting gets a
   * writer of its own, so that no recording waits for a caller that never comes.
   */
  private void releaseWriter() {
    writers.decrementAndGet();
    if (!queue.isEmpty() && takeWriter()) {
      Thread.ofVirtual().name("mediakeep-record").start(this::drain);
    }
  }

  private void drain() {
    try {
      List<Pending> batch;
      while (!(batch = next()).isEmpty()) {
        write(batch);
      }
    } finally {
      releaseWriter();
    }
  }

  private List<Pending> next() {
    List<Pending> batch = new ArrayList<>();
    Pending p;
    while (batch.size() < maxBatch && (p = queue.poll()) != null) {
      batch.add(p);
    }
    return batch;
  }

  private void write(List<Pending> batch) {
    if (batch.size() > 1) {
      try {
        List<Recorded> results = recordAll.apply(batch.stream().map(Pending::asset).toList());
        transactions.increment();
        recorded.add(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).result().complete(results.get(i));
        }
        return;
      } catch (RuntimeException e) {
        log.debug(
            "a batch of {} recordings failed ({}); writing each on its own",
            batch.size(),
            e.toString());
      }
    }
    for (Pending p : batch) {
      try {
        Recorded one = recordOne.apply(p.asset());
        transactions.increment();
        recorded.increment();
        p.result().complete(one);
      } catch (RuntimeException | Error e) {
        p.result().completeExceptionally(e);
      }
    }
  }
}
