package io.mediakeep.worker.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the requests (recordings, lookups) that arrive while others are being run go
 * together, in one statement or transaction, when a runner is free.
 *
 * <p>Nothing waits for a batch to fill. A request that finds a runner free is run at once, by the
 * thread that asked for it, with whatever else is waiting; one that finds every runner busy waits
 * for the next of them to take it, with everything else that arrived meanwhile, up to {@code
 * maxBatch}. So at low load every request runs on its own, as it would without batching, and under
 * load the batches grow with the queue instead of the queue growing with the load.
 *
 * <p>When a batch fails as a whole, each of its requests is run again on its own, so a row that the
 * database refuses fails its own request only, with its own error.
 *
 * @param <T> a request
 * @param <R> its answer
 */
final class Batches<T, R> {

  private static final Logger log = LoggerFactory.getLogger(Batches.class);

  private final String what;
  private final Function<List<T>, List<R>> runAll;
  private final Function<T, R> runOne;
  private final IntConsumer onRun;
  private final int maxWriters;
  private final int maxBatch;
  private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger writers = new AtomicInteger();
  private final LongAdder runCount = new LongAdder();
  private final LongAdder answered = new LongAdder();

  private record Pending<T, R>(T request, CompletableFuture<R> result) {}

  /**
   * @param what what a request is, for the log
   * @param runAll runs several requests at once, answering in their order
   * @param runOne runs one request
   * @param onRun told how many requests each run answered (1 for one alone)
   */
  Batches(
      String what,
      Function<List<T>, List<R>> runAll,
      Function<T, R> runOne,
      int maxWriters,
      int maxBatch,
      IntConsumer onRun) {
    this.onRun = onRun;
    if (maxWriters < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("at least one runner and one request per batch");
    }
    this.what = what;
    this.runAll = runAll;
    this.runOne = runOne;
    this.maxWriters = maxWriters;
    this.maxBatch = maxBatch;
  }

  /** Runs {@code request}, alone or with others; its answer, or what it threw. */
  R run(T request) {
    Pending<T, R> mine = new Pending<>(request, new CompletableFuture<>());
    queue.add(mine);
    if (takeWriter()) {
      try {
        while (!mine.result().isDone()) {
          List<Pending<T, R>> batch = next();
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
      throw new IllegalStateException("interrupted while waiting for a " + what, e);
    }
  }

  /** Batches and single requests run so far. */
  long runs() {
    return runCount.sum();
  }

  /** Requests answered so far. */
  long requests() {
    return answered.sum();
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
   * writer of its own, so that no request waits for a caller that never comes.
   */
  private void releaseWriter() {
    writers.decrementAndGet();
    if (!queue.isEmpty() && takeWriter()) {
      Thread.ofVirtual().name("mediakeep-" + what).start(this::drain);
    }
  }

  private void drain() {
    try {
      List<Pending<T, R>> batch;
      while (!(batch = next()).isEmpty()) {
        write(batch);
      }
    } finally {
      releaseWriter();
    }
  }

  private List<Pending<T, R>> next() {
    List<Pending<T, R>> batch = new ArrayList<>();
    Pending<T, R> p;
    while (batch.size() < maxBatch && (p = queue.poll()) != null) {
      batch.add(p);
    }
    return batch;
  }

  private void write(List<Pending<T, R>> batch) {
    if (batch.size() > 1) {
      try {
        List<R> results = runAll.apply(batch.stream().map(Pending::request).toList());
        runCount.increment();
        answered.add(batch.size());
        onRun.accept(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).result().complete(results.get(i));
        }
        return;
      } catch (RuntimeException e) {
        log.debug("a batch of {} {}s failed ({}); running each on its own", batch.size(), what, e);
      }
    }
    for (Pending<T, R> p : batch) {
      try {
        R one = runOne.apply(p.request());
        runCount.increment();
        answered.increment();
        onRun.accept(1);
        p.result().complete(one);
      } catch (RuntimeException | Error e) {
        p.result().completeExceptionally(e);
      }
    }
  }
}
