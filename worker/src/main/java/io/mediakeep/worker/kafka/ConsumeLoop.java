package io.mediakeep.worker.kafka;

import io.mediakeep.worker.core.CrashPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop, kept apart from processing. It hands every record to a task on the executor
 * (virtual threads), so many downloads run at once whatever the partition count; records with the
 * same ordering key (see {@link SceneOrdering}) run one after the other in offset order; offsets
 * are committed only up to the first unfinished record of each partition; and partitions are paused
 * while the in-flight budget is full, so a slow source holds back memory, never the consumer group
 * membership. Events that wait without working ({@link Waiting}: for their source host, or behind
 * an earlier event of their key) hold no slot of the budget, up to {@code maxWaiting} of them;
 * beyond that they count again, since each still keeps its record in memory. Partitions are also
 * paused while {@code hold} says a dependency is down.
 *
 * <p>A processor never throws by contract. If it does, the record is tried again in place ({@code
 * taskAttempts} in all, the pause doubling from {@code taskRetryPause}); if it still throws, the
 * loop stops and {@link #termination()} completes with the failure, so the process exits non-zero
 * and the orchestrator restarts it. The record's offset is never committed past, so it is delivered
 * again; nothing is skipped, and a partition never sits with one offset pending for ever.
 *
 * <p>All consumer calls and all offset bookkeeping happen on the one thread that runs {@link
 * #run()}; tasks report back through a queue.
 */
public final class ConsumeLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ConsumeLoop.class);

  /** Tuning of the loop. */
  public record Settings(
      List<String> topics,
      int maxInFlight,
      int maxPollRecords,
      Duration pollTimeout,
      Duration commitInterval,
      Duration revokeTimeout,
      Duration shutdownTimeout,
      int maxWaiting,
      int taskAttempts,
      Duration taskRetryPause) {

    public Settings {
      if (taskAttempts < 1) {
        throw new IllegalArgumentException("taskAttempts must be at least 1");
      }
      if (maxWaiting < 0) {
        throw new IllegalArgumentException("maxWaiting must not be negative");
      }
    }
  }

  private record Done(TopicPartition partition, long offset, boolean durable, Partition owner) {}

  private static final class Partition {
    final OffsetTracker offsets = new OffsetTracker();
    final Map<Object, CompletableFuture<Void>> chains = new HashMap<>();
    final Cancellation cancellation = new Cancellation();
    final AtomicInteger running = new AtomicInteger();
  }

  private final Consumer<byte[], byte[]> consumer;
  private final RecordProcessor processor;
  private final Function<ConsumerRecord<byte[], byte[]>, Object> orderingKey;
  private final ExecutorService executor;
  private final Settings settings;
  private final IntConsumer pausedGauge;
  private final BooleanSupplier hold;
  private final Waiting waiting;
  private boolean holding;
  private final Map<TopicPartition, Partition> partitions = new HashMap<>();
  private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Set<TopicPartition> paused = new HashSet<>();
  private volatile boolean stopping;
  private volatile Throwable fatal;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private long lastCommitNanos = System.nanoTime();

  public ConsumeLoop(
      Consumer<byte[], byte[]> consumer,
      RecordProcessor processor,
      Function<ConsumerRecord<byte[], byte[]>, Object> orderingKey,
      ExecutorService executor,
      Settings settings,
      IntConsumer pausedGauge,
      BooleanSupplier hold,
      Waiting waiting) {
    this.hold = hold;
    this.waiting = waiting;
    this.consumer = consumer;
    this.processor = processor;
    this.orderingKey = orderingKey;
    this.executor = executor;
    this.settings = settings;
    this.pausedGauge = pausedGauge;
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Events in flight that hold a slot of the budget: those not merely waiting. */
  public int holdingSlots() {
    return inFlight.get() - Math.min(waiting.count(), settings.maxWaiting());
  }

  /**
   * Completes when {@link #run()} has returned: normally after {@link #stop()}, exceptionally when
   * the loop stopped on its own because a record kept failing or the consumer failed.
   */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  /** Asks the loop to stop polling; {@link #run()} then drains, commits and returns. */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(settings.topics(), new Rebalance());
      while (!stopping && fatal == null) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(settings.pollTimeout());
        } catch (WakeupException e) {
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          submit(record);
        }
        if (!records.isEmpty()) {
          CrashPoint.AFTER_POLL.reached();
        }
        drain();
        applyBudget();
        commitIfDue();
      }
    } catch (UnreleasedInstanceIdException e) {
      // The consumer protocol refuses a static member's id while the member that crashed with it
      // is still in the group; classic hands the id over. Only the session timeout frees it.
      log.error(
          "the group still holds this worker's MEDIAKEEP_KAFKA_INSTANCE_ID for a member that"
              + " stopped without leaving; the broker frees it after the group's session timeout"
              + " (group.consumer.session.timeout.ms), so start the worker again then: {}",
          e.getMessage());
      fail(e);
    } catch (RuntimeException | Error e) {
      // An Error too (a StackOverflowError in a codec, say): the thread would die and the worker
      // live on consuming nothing. Whatever ends the loop unasked ends the process, non-zero.
      log.error("the consume loop failed; stopping the worker", e);
      fail(e);
    } finally {
      try {
        shutdown();
      } catch (RuntimeException e) {
        log.warn("stopping the consumer failed: {}", e.toString());
      }
      if (fatal == null) {
        termination.complete(null);
      } else {
        termination.completeExceptionally(fatal);
      }
    }
  }

  /** True until the loop has stopped, for whatever reason: what /health/live reports. */
  public boolean running() {
    return !termination.isDone();
  }

  private void fail(Throwable failure) {
    if (fatal == null) {
      fatal = failure;
    }
    consumer.wakeup();
  }

  private void submit(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    Partition partition = partitions.get(tp);
    if (partition == null) {
      return; // revoked between poll and here; the new owner will get it
    }
    partition.offsets.started(record.offset());
    partition.running.incrementAndGet();
    inFlight.incrementAndGet();
    Object key = orderingKey.apply(record);
    CompletableFuture<Void> previous = key == null ? null : partition.chains.get(key);
    boolean queued = previous != null && !previous.isDone();
    CompletableFuture<Void> task;
    if (queued) {
      waiting.enter(); // behind an earlier event of its key: it holds no slot until it starts
      task =
          previous.handleAsync(
              (ignored, failure) -> {
                waiting.leave();
                return execute(tp, record, partition);
              },
              executor);
    } else {
      task = CompletableFuture.supplyAsync(() -> execute(tp, record, partition), executor);
    }
    if (key != null) {
      partition.chains.put(key, task);
    }
  }

  private Void execute(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, Partition owner) {
    boolean durable = false;
    try (LogFields fields = LogFields.of(record)) {
      durable = processInPlace(tp, record, owner.cancellation);
    } finally {
      owner.running.decrementAndGet();
      inFlight.decrementAndGet();
      done.add(new Done(tp, record.offset(), durable, owner));
    }
    return null;
  }

  /** Runs the processor, trying again in place if it throws; false if it never finished. */
  private boolean processInPlace(
      TopicPartition tp, ConsumerRecord<byte[], byte[]> record, Cancellation cancellation) {
    long pause = settings.taskRetryPause().toMillis();
    for (int attempt = 1; ; attempt++) {
      if (cancellation.cancelled() || fatal != null) {
        return false;
      }
      try {
        return processor.process(record, cancellation);
      } catch (RuntimeException e) {
        if (attempt >= settings.taskAttempts()) {
          log.error(
              "processing {}@{} threw {} times; stopping the worker so that the record is"
                  + " delivered again after a restart, not skipped",
              tp,
              record.offset(),
              attempt,
              e);
          fail(e);
          return false;
        }
        log.warn(
            "processing {}@{} threw (attempt {} of {}); trying it again in {} ms",
            tp,
            record.offset(),
            attempt,
            settings.taskAttempts(),
            pause,
            e);
        if (!cancellation.pause(pause)) {
          return false;
        }
        pause *= 2;
      }
    }
  }

  private void drain() {
    Done d;
    while ((d = done.poll()) != null) {
      if (d.durable && partitions.get(d.partition) == d.owner) {
        d.owner.offsets.finished(d.offset);
      }
    }
    for (Partition partition : partitions.values()) {
      Iterator<CompletableFuture<Void>> chains = partition.chains.values().iterator();
      while (chains.hasNext()) {
        if (chains.next().isDone()) {
          chains.remove();
        }
      }
    }
  }

  private void applyBudget() {
    boolean held = hold.getAsBoolean();
    if (held != holding) {
      holding = held;
      if (held) {
        log.warn("a dependency is down (circuit open): taking no new events until it recovers");
      } else {
        log.info("dependencies recovered: taking new events again");
      }
    }
    boolean full = held || holdingSlots() + settings.maxPollRecords() > settings.maxInFlight();
    Set<TopicPartition> assigned = consumer.assignment();
    if (full) {
      List<TopicPartition> toPause = new ArrayList<>();
      for (TopicPartition tp : assigned) {
        if (paused.add(tp)) {
          toPause.add(tp);
        }
      }
      if (!toPause.isEmpty()) {
        consumer.pause(toPause);
      }
    } else if (!paused.isEmpty()) {
      List<TopicPartition> toResume = new ArrayList<>(paused);
      toResume.retainAll(assigned);
      consumer.resume(toResume);
      paused.clear();
    }
    pausedGauge.accept(paused.size());
  }

  private void commitIfDue() {
    if (System.nanoTime() - lastCommitNanos < settings.commitInterval().toNanos()) {
      return;
    }
    lastCommitNanos = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions.keySet());
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitAsync(
        offsets,
        (committed, failure) -> {
          if (failure != null) {
            log.warn("offset commit failed, will retry: {}", failure.toString());
            return;
          }
          CrashPoint.DURING_OFFSET_COMMIT.reached();
          committed.forEach(
              (tp, offset) -> {
                Partition partition = partitions.get(tp);
                if (partition != null) {
                  partition.offsets.committed(offset.offset());
                }
              });
        });
  }

  private Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> tps) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : tps) {
      Partition partition = partitions.get(tp);
      if (partition != null) {
        long offset = partition.offsets.committable();
        if (offset >= 0) {
          offsets.put(tp, new OffsetAndMetadata(offset));
        }
      }
    }
    return offsets;
  }

  private void commitSync(Collection<TopicPartition> tps) {
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(tps);
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, Duration.ofSeconds(10));
      offsets.forEach((tp, o) -> partitions.get(tp).offsets.committed(o.offset()));
    } catch (RuntimeException e) {
      log.warn("final offset commit failed; those records will be redelivered: {}", e.toString());
    }
  }

  /** Waits until the given partitions have nothing in flight, or the deadline passes. */
  private void awaitIdle(Collection<TopicPartition> tps, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      drain();
      boolean idle = true;
      for (TopicPartition tp : tps) {
        Partition partition = partitions.get(tp);
        if (partition != null && partition.running.get() > 0) {
          idle = false;
        }
      }
      if (idle) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void release(Collection<TopicPartition> tps) {
    for (TopicPartition tp : tps) {
      Partition partition = partitions.remove(tp);
      if (partition != null) {
        partition.cancellation.cancel();
      }
      paused.remove(tp);
    }
  }

  private void shutdown() {
    log.info(
        "stopping: waiting up to {} for {} events in flight",
        settings.shutdownTimeout(),
        inFlight.get());
    Set<TopicPartition> all = new HashSet<>(partitions.keySet());
    awaitIdle(all, settings.shutdownTimeout());
    drain();
    commitSync(all);
    int abandoned = inFlight.get();
    release(all);
    if (abandoned > 0) {
      log.warn(
          "{} events were still in flight at the deadline; they will be redelivered", abandoned);
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (revoked.isEmpty()) {
        return;
      }
      awaitIdle(revoked, settings.revokeTimeout());
      commitSync(revoked);
      release(revoked);
      log.info("partitions revoked: {}", revoked);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      for (TopicPartition tp : assigned) {
        partitions.putIfAbsent(tp, new Partition());
      }
      if (!assigned.isEmpty()) {
        log.info("partitions assigned: {}", assigned);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      release(lost);
      log.warn("partitions lost without a clean revoke: {}", lost);
    }
  }
}
