package io.mediakeep.worker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.worker.core.AssetKey;
import io.mediakeep.worker.core.AssetLedger.Recorded;
import io.mediakeep.worker.core.InMemoryAssetLedger;
import io.mediakeep.worker.core.NewAsset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The group commit's hand-off, with writes that only note what they were given. */
class BatchesTest {

  private final List<Integer> batchSizes = new ArrayList<>();
  private final AtomicInteger singles = new AtomicInteger();

  /** Answers every asset with a row of its own id, so each caller can check it got its own. */
  private List<Recorded> slowRecordAll(List<NewAsset> assets) {
    synchronized (batchSizes) {
      batchSizes.add(assets.size());
    }
    sleep(20);
    return assets.stream().map(BatchesTest::insertedAs).toList();
  }

  private Recorded recordOne(NewAsset asset) {
    singles.incrementAndGet();
    sleep(20);
    return insertedAs(asset);
  }

  @Test
  void aRecordingWithAWriterFreeIsWrittenAloneAtOnce() {
    Batches<NewAsset, Recorded> batches =
        new Batches<>("recording", this::slowRecordAll, this::recordOne, 2, 64, n -> {});
    NewAsset a = asset(0);

    assertThat(batches.run(a).asset().id()).isEqualTo(a.id());

    assertThat(singles.get()).isEqualTo(1);
    assertThat(batchSizes).isEmpty();
    assertThat(batches.runs()).isEqualTo(1);
  }

  @Test
  void recordingsThatWaitForABusyWriterGoTogetherAndEachCallerGetsItsOwnResult() throws Exception {
    java.util.concurrent.atomic.LongAdder told = new java.util.concurrent.atomic.LongAdder();
    Batches<NewAsset, Recorded> batches =
        new Batches<>("recording", this::slowRecordAll, this::recordOne, 2, 16, told::add);
    List<Callable<UUID[]>> callers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      NewAsset a = asset(i);
      callers.add(() -> new UUID[] {a.id(), batches.run(a).asset().id()});
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
      for (Future<UUID[]> f : pool.invokeAll(callers)) {
        assertThat(f.get()[1]).isEqualTo(f.get()[0]);
      }
    }

    assertThat(batches.requests()).isEqualTo(200);
    assertThat(told.sum()).as("requests told to the metric").isEqualTo(200);
    assertThat(batches.runs()).isLessThan(200);
    assertThat(batchSizes).isNotEmpty().allSatisfy(n -> assertThat(n).isBetween(2, 16));
  }

  @Test
  void whenABatchFailsEachRecordingIsWrittenAloneAndOnlyTheBadOneFails() throws Exception {
    NewAsset bad = asset(13);
    Batches<NewAsset, Recorded> batches =
        new Batches<>(
            "recording",
            assets -> {
              sleep(20);
              throw new IllegalStateException("the batch fails");
            },
            asset -> {
              sleep(5);
              if (asset.id().equals(bad.id())) {
                throw new IllegalArgumentException("this row is refused");
              }
              return insertedAs(asset);
            },
            1,
            64,
            n -> {});
    List<Callable<Recorded>> callers = new ArrayList<>();
    List<NewAsset> assets = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      NewAsset a = i == 13 ? bad : asset(i);
      assets.add(a);
      callers.add(() -> batches.run(a));
    }
    ConcurrentHashMap<Integer, Throwable> failures = new ConcurrentHashMap<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(30)) {
      List<Future<Recorded>> results = pool.invokeAll(callers);
      for (int i = 0; i < results.size(); i++) {
        try {
          assertThat(results.get(i).get().asset().id()).isEqualTo(assets.get(i).id());
        } catch (java.util.concurrent.ExecutionException e) {
          failures.put(i, e.getCause());
        }
      }
    }

    assertThat(failures).containsOnlyKeys(13);
    assertThat(failures.get(13)).hasMessage("this row is refused");
  }

  @Test
  void aRecordingAloneThatFailsThrowsItsOwnError() {
    Batches<NewAsset, Recorded> batches =
        new Batches<>(
            "recording",
            this::slowRecordAll,
            asset -> {
              throw new IllegalStateException("database down");
            },
            2,
            64,
            n -> {});

    assertThatThrownBy(() -> batches.run(asset(1))).hasMessage("database down");
  }

  private static NewAsset asset(int i) {
    return io.mediakeep.worker.core.AssetLedgerContract.asset(
        new AssetKey(UUID.randomUUID(), "s" + i, 1, 0),
        UUID.randomUUID(),
        "https://x/" + i,
        "ab",
        null);
  }

  /** The answer of a ledger that holds nothing yet: the asset, inserted. */
  private static Recorded insertedAs(NewAsset a) {
    return new InMemoryAssetLedger().record(a);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
