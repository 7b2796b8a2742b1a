package io.mediakeep.worker.core;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep inside every worker: a run every {@code interval}, the first after a random part of it,
 * so that workers started together do not sweep together. A run that fails is logged and counted,
 * and the next one tries again.
 */
public final class ScheduledSweep implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ScheduledSweep.class);

  private final ExpirySweep sweep;
  private final Duration interval;
  private final LifecycleObserver observer;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;

  public ScheduledSweep(ExpirySweep sweep, Duration interval, LifecycleObserver observer) {
    this.sweep = sweep;
    this.interval = interval;
    this.observer = observer;
    this.thread = Thread.ofVirtual().name("mediakeep-sweep").unstarted(this::loop);
  }

  public ScheduledSweep start() {
    thread.start();
    return this;
  }

  private void loop() {
    long delay = ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis() / 4));
    try {
      while (!stopped.await(delay, TimeUnit.MILLISECONDS)) {
        runOnce();
        delay = interval.toMillis();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runOnce() {
    try {
      ExpirySweep.Report report =
          sweep.run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> stopped.getCount() == 0);
      if (report.expired() > 0 || report.finishedLeftovers() > 0 || report.copied() > 0) {
        log.info(
            "sweep: {} expired ({} bytes), {} earlier removals finished, {} library copies, {}"
                + " failed, in {} ms",
            report.expired(),
            report.bytes(),
            report.finishedLeftovers(),
            report.copied(),
            report.failed(),
            report.took().toMillis());
      }
    } catch (Exception e) {
      observer.failed(e instanceof IOException ? Dependency.S3 : Dependency.POSTGRES);
      log.warn("sweep failed, next run in {}: {}", interval, e.toString());
    }
  }

  /** Stops between batches and waits for the run under way to end. */
  @Override
  public void close() throws InterruptedException {
    stopped.countDown();
    thread.join(Duration.ofSeconds(30));
  }
}
