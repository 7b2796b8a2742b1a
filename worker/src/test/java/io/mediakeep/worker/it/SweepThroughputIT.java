package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.core.ExpirySweep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Measures how fast sweeps remove expired assets on the local stack, one sweeper and then two at
 * once, and prints the figures; it checks that all were removed, not how fast. {@code verify} runs
 * it on 500 assets so it keeps working; the figure in the notes comes from {@code
 * -Dmediakeep.sweep.assets=10000}.
 */
class SweepThroughputIT {

  private static final int ASSETS = Integer.getInteger("mediakeep.sweep.assets", 500);

  @Test
  void sweepsThousandsOfExpiredAssets() throws Exception {
    try (Pipeline pipeline = new Pipeline(Map.of());
        LifecycleRig rig = new LifecycleRig(pipeline)) {
      rig.sweep().run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);
      for (int sweepers : List.of(1, 2)) {
        UUID owner = UUID.randomUUID();
        seed(rig, owner, ASSETS);
        List<ExpirySweep> sweeps = new ArrayList<>();
        for (int i = 0; i < sweepers; i++) {
          sweeps.add(rig.sweep());
        }
        ExecutorService pool = Executors.newFixedThreadPool(sweepers);
        long start = System.nanoTime();
        long expired = 0;
        try {
          List<Future<ExpirySweep.Report>> runs = new ArrayList<>();
          for (ExpirySweep sweep : sweeps) {
            runs.add(
                pool.submit(
                    () -> sweep.run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false)));
          }
          for (Future<ExpirySweep.Report> run : runs) {
            expired += run.get().expired();
          }
        } finally {
          pool.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf(
            "sweep throughput: %d sweeper(s), %d expired assets in %.2f s = %.0f assets/s%n",
            sweepers, expired, took.toMillis() / 1000.0, expired * 1000.0 / took.toMillis());
        assertThat(expired).isEqualTo(ASSETS);
        assertThat(rig.keys(rig.layout().workspaceBucket(), owner + "/")).isEmpty();
      }
    }
  }

  /** {@code count} expired workspace assets of one owner, stored and recorded by 8 threads. */
  private static void seed(LifecycleRig rig, UUID owner, int count) throws Exception {
    Instant past = Instant.now().minusSeconds(60);
    UUID project = UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        done.add(
            pool.submit(() -> rig.store(owner, project, "s" + n, 1, Retention.WORKSPACE, past)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
