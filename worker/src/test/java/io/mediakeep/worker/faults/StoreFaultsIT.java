package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PostgreSQL and S3 fail: stopped, erroring, or cutting connections at the worst moment. */
class StoreFaultsIT {

  private static void awaitReady(WorkerProcess worker) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (worker.readiness() != 200) {
      if (!worker.alive() || System.nanoTime() > deadline) {
        throw new AssertionError("the worker did not become ready; see " + worker.log());
      }
      Thread.sleep(200);
    }
  }

  @Test
  void postgresStoppedForSecondsAtATime() throws Exception {
    int events = Reliability.size(200, 1000);
    int outages = Reliability.size(2, 10);
    Random random = new Random(5);
    try (Scenario scenario = new Scenario("pg-down")) {
      // Paced (8 in flight, 300 ms per download) so work remains for every outage.
      scenario.stack.source.delay(Duration.ofMillis(300));
      scenario.publish(scenario.workload.images(events));
      // One loopback source serves every event, so its host share is the whole budget: the
      // budget fills while the database is down and consumption pauses even before the circuit
      // opens (a 5 s outage is no longer than the pool's connect timeout).
      WorkerProcess worker =
          scenario
              .worker(
                  "w1",
                  true,
                  Map.of("MEDIAKEEP_MAX_IN_FLIGHT", "8", "MEDIAKEEP_MAX_IN_FLIGHT_PER_HOST", "8"))
              .start();
      List<Duration> recoveries = new ArrayList<>();
      List<String> lengths = new ArrayList<>();
      int seenUnready = 0;
      int seenPaused = 0;
      try {
        for (int i = 0; i < outages; i++) {
          scenario.awaitProgress(scenario.committed(), Duration.ofMinutes(2));
          Duration down =
              Duration.ofSeconds(Reliability.full() ? 5 + random.nextInt(26) : 5 + 3L * i);
          scenario.stack.stopPostgres();
          long until = System.nanoTime() + down.toNanos();
          boolean unready = false;
          boolean paused = false;
          while (System.nanoTime() < until) {
            unready |= worker.readiness() == 503;
            paused |= worker.metric("mediakeep_paused_partitions") > 0;
            Thread.sleep(250);
          }
          seenUnready += unready ? 1 : 0;
          seenPaused += paused ? 1 : 0;
          lengths.add(down.toSeconds() + " s");
          long before = scenario.committed();
          scenario.stack.startPostgres();
          recoveries.add(scenario.awaitProgress(before, Duration.ofMinutes(2)));
        }
      } finally {
        scenario.stack.source.normal();
      }
      scenario.awaitQuiescent(Duration.ofMinutes(5));
      Verdict verdict = scenario.verdict();
      double retriesExhausted =
          worker.metric("mediakeep_events_total", "reason=\"RETRIES_EXHAUSTED\"");
      Reliability.report(
          new Reliability.Figure(
              "PostgreSQL stopped",
              events,
              outages + " outages (" + String.join(", ", lengths) + ")",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              Reliability.recovery(recoveries),
              "/health/ready 503 during "
                  + seenUnready
                  + "/"
                  + outages
                  + " outages; partitions paused during "
                  + seenPaused
                  + "/"
                  + outages
                  + "; rejections are only the workload's own"));
      assertThat(retriesExhausted).as("nothing rejected for the outage").isZero();
      assertThat(seenUnready).as("readiness reports every outage").isEqualTo(outages);
      assertThat(seenPaused).as("consumption pauses in every outage").isEqualTo(outages);
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }

  /**
   * PostgreSQL stops while every event is downloading, so each upload meets a database outage
   * longer than the circuit's threshold: the rows are waited for in place, no source is downloaded
   * twice, and no object is left without a row.
   */
  @Test
  void postgresStoppedRightAfterTheUploads() throws Exception {
    int events = 16;
    Duration down = Duration.ofSeconds(20);
    try (Scenario scenario = new Scenario("pg-after-put")) {
      // Each download takes 3 s: long enough to stop the database while all of them run.
      scenario.stack.source.delay(Duration.ofSeconds(3));
      int before = scenario.stack.source.requests();
      scenario.publish(scenario.workload.images(events));
      WorkerProcess worker =
          scenario
              .worker(
                  "w1",
                  true,
                  Map.of(
                      "MEDIAKEEP_MAX_IN_FLIGHT", "32",
                      "MEDIAKEEP_MAX_IN_FLIGHT_PER_HOST", "32"))
              .start();
      boolean unready = false;
      try {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (scenario.stack.source.requests() - before < events) {
          assertThat(System.nanoTime())
              .as("every download starts; see %s", worker.log())
              .isLessThan(deadline);
          Thread.sleep(20);
        }
        scenario.stack.stopPostgres();
        long until = System.nanoTime() + down.toNanos();
        while (System.nanoTime() < until) {
          unready |= worker.readiness() == 503;
          Thread.sleep(250);
        }
        scenario.stack.startPostgres();
      } finally {
        scenario.stack.source.normal();
      }
      scenario.awaitQuiescent(Duration.ofMinutes(3));
      Verdict verdict = scenario.verdict();
      int downloads = scenario.stack.source.requests() - before;
      Reliability.report(
          new Reliability.Figure(
              "PostgreSQL stopped right after the uploads",
              events,
              "1 outage of " + down.toSeconds() + " s while all " + events + " were downloading",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              "-",
              downloads + " downloads for " + events + " events; the rows waited for in place"));
      assertThat(unready).as("the database circuit opened (/health/ready 503)").isTrue();
      assertThat(downloads).as("no source downloaded twice").isEqualTo(events);
      assertThat(verdict.clean()).as("no object without its row: " + verdict).isTrue();
    }
  }

  @Test
  void s3AnswersSlowDownAndInternalErrors() throws Exception {
    int events = Reliability.size(300, 2000);
    try (Scenario scenario = new Scenario("s3-errors")) {
      scenario.stack.source.normal();
      S3FaultProxy s3 = scenario.stack.s3Proxy;
      int slowBefore = s3.slowDowns();
      int errorsBefore = s3.internalErrors();
      scenario.publish(scenario.workload.images(events));
      s3.faults(0.20, 0.05);
      try {
        scenario.worker("w1").start();
        scenario.awaitQuiescent(Duration.ofMinutes(5));
      } finally {
        s3.faults(0, 0);
      }
      Verdict verdict = scenario.verdict();
      int slowDowns = s3.slowDowns() - slowBefore;
      int errors = s3.internalErrors() - errorsBefore;
      Reliability.report(
          new Reliability.Figure(
              "S3 answering 20% 503 SlowDown and 5% 500",
              events,
              slowDowns + " SlowDown + " + errors + " InternalError",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              "-",
              "retried with jitter (SDK retries, then the pipeline's)"));
      assertThat(slowDowns + errors).as("faults were injected").isPositive();
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }

  @Test
  void connectionResetRightAfterADatabaseCommit() throws Exception {
    int events = Reliability.size(100, 300);
    int resets = Reliability.size(5, 20);
    try (Scenario scenario = new Scenario("pg-reset")) {
      scenario.stack.source.normal();
      TcpProxy proxy = scenario.stack.postgresProxy;
      // Armed once the worker is up: a reset of Flyway's commit at start-up would only stop the
      // process before it takes any event, which is a different fault.
      WorkerProcess worker = scenario.worker("w1").start();
      awaitReady(worker);
      int before = proxy.commitsIntercepted();
      proxy.resetAfterCommit(resets);
      try {
        scenario.publish(scenario.workload.images(events));
        scenario.awaitQuiescent(Duration.ofMinutes(5));
      } finally {
        proxy.resetAfterCommit(0);
        proxy.pass();
      }
      Verdict verdict = scenario.verdict();
      int intercepted = proxy.commitsIntercepted() - before;
      Reliability.report(
          new Reliability.Figure(
              "connection reset right after a database COMMIT",
              events,
              intercepted + " commits answered with a reset",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              "-",
              "the retry finds the row (insert on conflict do nothing) and changes nothing"));
      assertThat(intercepted).isEqualTo(resets);
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }
}
