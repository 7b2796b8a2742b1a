package io.mediakeep.worker.kafka;

import static io.mediakeep.worker.kafka.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The poll loop against Kafka's MockConsumer: ordering, commits and back-pressure. */
class ConsumeLoopTest {

  private static final String TOPIC = "in";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  private final Map<TopicPartition, Long> committedAtClose = new ConcurrentHashMap<>();
  private final MockConsumer<byte[], byte[]> consumer =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized void close(CloseOptions options) {
          committed(Set.of(P0, P1)).forEach((tp, o) -> committedAtClose.put(tp, o.offset()));
          super.close(options);
        }
      };
  private final AtomicInteger paused = new AtomicInteger();
  private final AtomicBoolean hold = new AtomicBoolean();
  private final Waiting waiting = new Waiting();
  private int maxWaiting = 1000;
  private ConsumeLoop loop;
  private Thread thread;

  @AfterEach
  void stop() throws InterruptedException {
    if (loop != null) {
      loop.stop();
      thread.join(10_000);
    }
  }

  private void start(RecordProcessor processor, int maxInFlight, int maxPollRecords) {
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0, P1));
          consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        });
    loop =
        new ConsumeLoop(
            consumer,
            processor,
            record -> new String(record.key(), StandardCharsets.UTF_8),
            Executors.newVirtualThreadPerTaskExecutor(),
            new ConsumeLoop.Settings(
                List.of(TOPIC),
                maxInFlight,
                maxPollRecords,
                Duration.ofMillis(10),
                Duration.ofMillis(20),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                maxWaiting,
                3,
                Duration.ofMillis(10)),
            paused::set,
            hold::get,
            waiting);
    thread = Thread.ofPlatform().start(loop);
  }

  private void add(TopicPartition tp, long offset, String key) {
    consumer.schedulePollTask(
        () ->
            consumer.addRecord(
                new ConsumerRecord<>(
                    tp.topic(),
                    tp.partition(),
                    offset,
                    key.getBytes(StandardCharsets.UTF_8),
                    new byte[0])));
  }

  private long committed(TopicPartition tp) {
    OffsetAndMetadata offset = consumer.committed(Set.of(tp)).get(tp);
    return offset == null ? -1 : offset.offset();
  }

  @Test
  void recordsOfOneKeyRunInOffsetOrderWhileOtherKeysRunAlongside() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    start(
        (record, cancellation) -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          String key = new String(record.key(), StandardCharsets.UTF_8);
          try {
            Thread.sleep(key.equals("a") ? 30 - record.offset() * 3 : 20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          order.add(key + record.offset());
          running.decrementAndGet();
          return true;
        },
        100,
        50);
    for (int offset = 0; offset < 8; offset++) {
      add(P0, offset, offset % 2 == 0 ? "a" : "b" + offset);
    }

    await(() -> order.size() == 8, "all 8 records are processed");

    List<String> keyA = order.stream().filter(s -> s.startsWith("a")).toList();
    assertThat(keyA).containsExactly("a0", "a2", "a4", "a6");
    assertThat(maxRunning.get()).as("different keys ran at the same time").isGreaterThan(1);
    await(() -> committed(P0) == 8, "offset 8 is committed");
  }

  @Test
  void commitsStopAtTheFirstUnfinishedRecord() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Set<Long> done = ConcurrentHashMap.newKeySet();
    start(
        (record, cancellation) -> {
          if (record.offset() == 1) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            }
          }
          done.add(record.offset());
          return true;
        },
        100,
        50);
    for (int offset = 0; offset < 4; offset++) {
      add(P1, offset, "k" + offset);
    }

    await(() -> done.containsAll(Set.of(0L, 2L, 3L)), "records 0, 2 and 3 finish");
    await(() -> committed(P1) == 1, "offset 1 is committed");
    Thread.sleep(100);
    assertThat(committed(P1)).as("never past the unfinished record").isEqualTo(1);

    release.countDown();
    await(() -> committed(P1) == 4, "offset 4 is committed once record 1 finishes");
  }

  @Test
  void aRecordThatIsNotDurableIsNeverCommitted() throws Exception {
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    start(
        (record, cancellation) -> {
          seen.add(record.offset());
          return record.offset() != 0;
        },
        100,
        50);
    add(P0, 0, "x");
    add(P0, 1, "y");

    await(() -> seen.size() == 2, "both records are handed out");
    Thread.sleep(100);
    assertThat(committed(P0)).as("at most up to record 0, never past it").isLessThanOrEqualTo(0);
  }

  @Test
  void partitionsPauseWhileTheBudgetIsFullAndResumeAfter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    start(
        (record, cancellation) -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
          finished.incrementAndGet();
          return true;
        },
        4,
        1);
    for (int offset = 0; offset < 6; offset++) {
      add(P0, offset, "k" + offset);
    }

    await(() -> loop.inFlight() >= 3, "the budget fills");
    await(() -> consumer.paused().containsAll(Set.of(P0, P1)), "both partitions are paused");
    assertThat(paused.get()).isEqualTo(2);
    assertThat(loop.inFlight()).as("in flight never beyond the budget").isLessThanOrEqualTo(4);

    release.countDown();
    await(() -> finished.get() == 6, "all records finish after the release");
    await(() -> consumer.paused().isEmpty(), "partitions resume");
    await(() -> committed(P0) == 6, "everything is committed");
  }

  @Test
  void nothingNewIsTakenWhileADependencyIsDown() throws Exception {
    AtomicInteger processed = new AtomicInteger();
    hold.set(true);
    start(
        (record, cancellation) -> {
          processed.incrementAndGet();
          return true;
        },
        16,
        4);
    await(() -> consumer.paused().containsAll(Set.of(P0, P1)), "both partitions are paused");
    for (int offset = 0; offset < 3; offset++) {
      add(P0, offset, "k" + offset);
    }
    Thread.sleep(200); // several poll rounds, all paused
    assertThat(processed.get()).isZero();

    hold.set(false);
    await(() -> processed.get() == 3, "records are processed once the dependency is back");
    await(() -> committed(P0) == 3, "and committed");
  }

  @Test
  void stopWaitsForInFlightWorkAndCommitsIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    start(
        (record, cancellation) -> {
          started.countDown();
          cancellation.pause(200);
          return true;
        },
        100,
        50);
    add(P0, 0, "slow");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    loop.stop();
    thread.join(10_000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(consumer.closed()).isTrue();
    loop = null;
  }

  @Test
  void aRecordWhoseTaskThrowsIsTriedAgainInPlaceAndItsPartitionKeepsCommitting() throws Exception {
    Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    start(
        (record, cancellation) -> {
          int attempt =
              attempts.computeIfAbsent(record.offset(), o -> new AtomicInteger()).incrementAndGet();
          if (record.offset() == 1 && attempt < 3) {
            throw new IllegalStateException("a bug that goes away");
          }
          return true;
        },
        100,
        50);
    for (int offset = 0; offset < 4; offset++) {
      add(P0, offset, "k" + offset);
    }

    await(() -> committed(P0) == 4, "offset 4 is committed past the record that threw");
    assertThat(attempts.get(1L)).hasValue(3);
    assertThat(attempts.get(2L)).hasValue(1);
    assertThat(loop.termination()).isNotDone();
  }

  @Test
  void aRecordWhoseTaskKeepsThrowingStopsTheLoopWithoutCommittingPastIt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    IllegalStateException bug = new IllegalStateException("a bug that stays");
    Set<Long> done = ConcurrentHashMap.newKeySet();
    start(
        (record, cancellation) -> {
          if (record.offset() == 1) {
            attempts.incrementAndGet();
            throw bug;
          }
          done.add(record.offset());
          return true;
        },
        100,
        50);
    for (int offset = 0; offset < 4; offset++) {
      add(P0, offset, "k" + offset);
    }

    await(() -> loop.termination().isDone(), "the loop stops on its own");
    thread.join(10_000);

    assertThat(loop.termination()).isCompletedExceptionally();
    assertThat(loop.termination().exceptionNow()).isSameAs(bug);
    assertThat(attempts.get()).as("tried in place, then given up").isEqualTo(3);
    assertThat(done).contains(0L, 2L, 3L);
    assertThat(committedAtClose.get(P0))
        .as("committed up to the failing record, never past it")
        .isEqualTo(1);
    assertThat(consumer.closed()).isTrue();
    loop = null;
  }

  @Test
  void aConsumerThatFailsStopsTheLoopInsteadOfLeavingItDead() throws Exception {
    start((record, cancellation) -> true, 100, 50);
    consumer.setPollException(new KafkaException("fatal: not authorized"));

    await(() -> loop.termination().isDone(), "the loop stops on its own");
    thread.join(10_000);

    assertThat(loop.termination()).isCompletedExceptionally();
    assertThat(loop.termination().exceptionNow()).hasMessageContaining("not authorized");
    loop = null;
  }

  @Test
  void everyLogLineOfATaskCarriesItsRecordsFieldsAndNoneLeaksToTheNext() throws Exception {
    Map<Long, Map<String, String>> seen = new ConcurrentHashMap<>();
    start(
        (record, cancellation) -> {
          LogFields.put(LogFields.PROJECT_ID, "p-" + record.offset());
          seen.put(record.offset(), MDC.getCopyOfContextMap());
          return true;
        },
        1,
        1);
    consumer.schedulePollTask(
        () -> {
          ConsumerRecord<byte[], byte[]> withId =
              new ConsumerRecord<>(TOPIC, 0, 0, "a".getBytes(StandardCharsets.UTF_8), new byte[0]);
          withId.headers().add("ce_id", "event-0".getBytes(StandardCharsets.UTF_8));
          consumer.addRecord(withId);
        });
    add(P0, 1, "b");
    await(() -> seen.size() == 2, "both records processed");

    assertThat(seen.get(0L))
        .containsEntry("topic", TOPIC)
        .containsEntry("partition", "0")
        .containsEntry("offset", "0")
        .containsEntry("eventId", "event-0")
        .containsEntry("projectId", "p-0");
    assertThat(seen.get(1L))
        .as("the fields of the record before are gone")
        .containsEntry("offset", "1")
        .containsEntry("projectId", "p-1")
        .doesNotContainKey("eventId");
  }

  @Test
  void anErrorOnThePollThreadStopsTheLoopAsAFailure() throws Exception {
    start((record, cancellation) -> true, 100, 50);
    await(() -> !consumer.assignment().isEmpty(), "the loop polls");
    assertThat(loop.running()).isTrue();
    consumer.schedulePollTask(
        () -> {
          throw new StackOverflowError("deep in a codec");
        });

    await(() -> loop.termination().isDone(), "the loop stops on its own");
    thread.join(10_000);

    assertThat(loop.running()).as("what /health/live reports").isFalse();
    assertThat(loop.termination())
        .as("an Error is a failure, not a clean stop: the process exits non-zero")
        .isCompletedExceptionally();
    assertThat(loop.termination().exceptionNow()).isInstanceOf(StackOverflowError.class);
    assertThat(consumer.closed()).isTrue();
    loop = null;
  }

  /** Records keyed "w..." wait (as for a source host that is down) until released. */
  private RecordProcessor waitingUntil(CountDownLatch release, Set<Long> finished) {
    return (record, cancellation) -> {
      if (new String(record.key(), StandardCharsets.UTF_8).startsWith("w")) {
        waiting.enter();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        } finally {
          waiting.leave();
        }
      }
      finished.add(record.offset());
      return true;
    };
  }

  @Test
  void eventsThatWaitHoldNoSlotSoOthersKeepFlowing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Set<Long> finished = ConcurrentHashMap.newKeySet();
    start(waitingUntil(release, finished), 4, 1);
    for (int offset = 0; offset < 10; offset++) {
      add(P0, offset, "w" + offset);
    }
    for (int offset = 0; offset < 10; offset++) {
      add(P1, offset, "n" + offset);
    }

    await(() -> finished.size() == 10, "the 10 other events finish past 10 waiting ones");
    assertThat(loop.inFlight()).isEqualTo(10);
    assertThat(loop.holdingSlots()).isZero();

    release.countDown();
    await(() -> committed(P0) == 10 && committed(P1) == 10, "everything is committed");
  }

  @Test
  void beyondTheWaitingBoundWaitingEventsHoldSlotsAgain() throws Exception {
    maxWaiting = 2;
    CountDownLatch release = new CountDownLatch(1);
    Set<Long> finished = ConcurrentHashMap.newKeySet();
    start(waitingUntil(release, finished), 4, 1);
    for (int offset = 0; offset < 10; offset++) {
      add(P0, offset, "w" + offset);
    }
    await(() -> waiting.count() >= 5, "waiting events fill the bound and the budget");
    for (int offset = 0; offset < 3; offset++) {
      add(P1, offset, "n" + offset);
    }
    Thread.sleep(200);
    assertThat(finished).as("the budget is full: no other event is taken").isEmpty();
    // MockConsumer hands out every buffered record at once on resume (it ignores
    // max.poll.records), so how many of the waiting records are in flight varies; that those
    // beyond the bound hold slots again, and keep the budget full, does not.
    assertThat(loop.holdingSlots()).isGreaterThanOrEqualTo(4);

    release.countDown();
    await(() -> committed(P0) == 10 && committed(P1) == 3, "everything is committed");
  }
}
