package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.worker.core.CrashPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The worker process dies (SIGKILL, a crash at a step boundary) or is stopped (SIGTERM). */
class CrashFaultsIT {

  private static final Map<String, String> PACED = Map.of("MEDIAKEEP_MAX_IN_FLIGHT", "16");

  @Test
  void sigkillAtRandomMoments() throws Exception {
    int events = Reliability.size(300, 2000);
    int kills = Reliability.size(3, 20);
    Random random = new Random(11);
    try (Scenario scenario = new Scenario("sigkill")) {
      // Paced (16 in flight, 200 ms per download) so every kill lands in the middle of work.
      scenario.stack.source.delay(Duration.ofMillis(200));
      scenario.publish(scenario.workload.images(events));
      WorkerProcess worker = scenario.worker("w1", true, PACED).start();
      List<Duration> recoveries = new ArrayList<>();
      int done = 0;
      try {
        scenario.awaitProgress(0, Duration.ofMinutes(2));
        while (done < kills && scenario.committed() < scenario.endTotal()) {
          Thread.sleep(200 + random.nextInt(1000));
          worker.kill();
          done++;
          long before = scenario.committed();
          worker.start();
          recoveries.add(scenario.awaitProgress(before, Duration.ofMinutes(2)));
        }
      } finally {
        scenario.stack.source.normal();
      }
      scenario.awaitQuiescent(Duration.ofMinutes(5));
      Verdict verdict = scenario.verdict();
      Reliability.report(
          new Reliability.Figure(
              "SIGKILL of the worker at random moments",
              events,
              done + " kills",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              Reliability.recovery(recoveries),
              "static member: restart takes its partitions back without waiting for the session timeout"));
      assertThat(done).as("kills while work remained").isGreaterThanOrEqualTo(Math.min(kills, 2));
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = CrashPoint.class,
      mode = EnumSource.Mode.EXCLUDE,
      // Steps of removals, which ingest never reaches: SweepCrashIT crashes there.
      names = {"REMOVALS_QUEUED", "OBJECTS_DELETED", "REMOVALS_PUBLISHED"})
  void crashAtAStepBoundary(CrashPoint point) throws Exception {
    int events = 60;
    long nth =
        switch (point) {
          case AFTER_POLL, DURING_OFFSET_COMMIT -> 1;
          default -> 10;
        };
    try (Scenario scenario =
        new Scenario("crash-" + point.name().toLowerCase().replace('_', '-'))) {
      scenario.stack.source.normal();
      scenario.publish(scenario.workload.images(events));
      WorkerProcess worker =
          scenario.worker("w1").start(Map.of("MEDIAKEEP_CRASH_AT", point + ":" + nth));
      assertThat(worker.awaitExit(Duration.ofMinutes(2)))
          .as("the worker crashed at %s", point)
          .isTrue();
      assertThat(worker.exitCode()).isEqualTo(CrashPoint.EXIT_STATUS);
      long before = scenario.committed();
      worker.start();
      Duration recovery = scenario.awaitProgress(before, Duration.ofMinutes(2));
      scenario.awaitQuiescent(Duration.ofMinutes(3));
      Verdict verdict = scenario.verdict();
      Reliability.report(
          new Reliability.Figure(
              "crash at " + point,
              events,
              "1 crash (pass " + nth + ")",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              Reliability.seconds(recovery),
              ""));
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }

  @Test
  void sigtermDuringABatch() throws Exception {
    int events = Reliability.size(200, 2000);
    int stops = Reliability.size(3, 20);
    Duration deadline = Duration.ofSeconds(10); // MEDIAKEEP_SHUTDOWN_TIMEOUT of the harness
    try (Scenario scenario = new Scenario("sigterm")) {
      // Slow answers keep a batch in flight whenever the signal comes.
      scenario.stack.source.delay(Duration.ofMillis(200));
      scenario.publish(scenario.workload.images(events));
      WorkerProcess worker = scenario.worker("w1", true, PACED).start();
      List<Duration> exits = new ArrayList<>();
      int done = 0;
      try {
        while (done < stops && scenario.committed() < scenario.endTotal()) {
          scenario.awaitProgress(scenario.committed(), Duration.ofMinutes(2));
          Duration exit = worker.terminate(deadline.plusSeconds(20));
          assertThat(worker.exitCode()).as("exit status after SIGTERM").isZero();
          exits.add(exit);
          done++;
          worker.start();
        }
      } finally {
        scenario.stack.source.normal();
      }
      scenario.awaitQuiescent(Duration.ofMinutes(5));
      Verdict verdict = scenario.verdict();
      Duration slowest = exits.stream().max(Duration::compareTo).orElse(Duration.ZERO);
      Reliability.report(
          new Reliability.Figure(
              "SIGTERM during a batch",
              events,
              done + " SIGTERMs",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              "-",
              "exit 0 every time; slowest exit "
                  + Reliability.seconds(slowest)
                  + " (deadline "
                  + Reliability.seconds(deadline)
                  + " + JVM stop)"));
      assertThat(done).isGreaterThanOrEqualTo(Math.min(stops, 2));
      assertThat(slowest).isLessThan(deadline.plusSeconds(15));
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }
}
