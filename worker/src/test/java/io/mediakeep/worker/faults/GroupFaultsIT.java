package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several workers in one consumer group, with the group changing under them. */
class GroupFaultsIT {

  @Test
  void rebalancesEveryTenSecondsWithTwoWorkers() throws Exception {
    int events = Reliability.size(400, 2000);
    try (Scenario scenario = new Scenario("rebalance")) {
      // Paced (8 in flight per worker, 1 s per download) so the work outlasts several rebalances.
      scenario.stack.source.delay(Duration.ofSeconds(1));
      scenario.publish(scenario.workload.images(events));
      // Dynamic members: each stop and start is a real rebalance of the group.
      Map<String, String> paced = Map.of("MEDIAKEEP_MAX_IN_FLIGHT", "8");
      List<WorkerProcess> workers =
          List.of(
              scenario.worker("a", false, paced).start(),
              scenario.worker("b", false, paced).start());
      int restarts = 0;
      try {
        while (scenario.committed() < scenario.endTotal()) {
          Thread.sleep(10_000);
          WorkerProcess next = workers.get(restarts % 2);
          next.terminate(Duration.ofSeconds(40));
          next.start();
          restarts++;
        }
      } finally {
        scenario.stack.source.normal();
      }
      scenario.awaitQuiescent(Duration.ofMinutes(5));
      Verdict verdict = scenario.verdict();
      Reliability.report(
          new Reliability.Figure(
              "consumer-group rebalance every 10 s, two workers",
              events,
              restarts + " restarts = " + 2 * restarts + " rebalances",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              "-",
              "cooperative-sticky; revoked partitions drain and commit before they move"));
      assertThat(restarts).isPositive();
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }

  @Test
  void aDownloadSlowerThanThePollInterval() throws Exception {
    int events = 16;
    try (Scenario scenario = new Scenario("slow-download")) {
      // Every answer takes longer than max.poll.interval.ms: only a poll loop that keeps
      // polling while downloads run keeps its membership.
      scenario.stack.source.delay(Duration.ofSeconds(8));
      scenario.publish(scenario.workload.images(events));
      WorkerProcess worker =
          scenario.worker("w1", false, Map.of("MEDIAKEEP_KAFKA_MAX_POLL_INTERVAL", "5s")).start();
      try {
        scenario.awaitQuiescent(Duration.ofMinutes(3));
      } finally {
        scenario.stack.source.normal();
      }
      Verdict verdict = scenario.verdict();
      long assignments =
          Files.readAllLines(worker.log()).stream()
              .filter(line -> line.contains("partitions assigned"))
              .count();
      long revocations =
          Files.readAllLines(worker.log()).stream()
              .filter(
                  line -> line.contains("partitions revoked") || line.contains("partitions lost"))
              .count();
      Reliability.report(
          new Reliability.Figure(
              "downloads (8 s) slower than max.poll.interval (5 s)",
              events,
              events + " slow downloads",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              "-",
              assignments + " assignment, " + revocations + " revocations: no rebalance storm"));
      assertThat(assignments).isEqualTo(1);
      assertThat(revocations).isZero();
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }

  @Test
  void shuffledVersionsAcrossConcurrentWorkers() throws Exception {
    int scenes = Reliability.size(40, 200);
    int versions = Reliability.size(5, 10);
    int workerCount = Reliability.size(2, 4);
    try (Scenario scenario = new Scenario("versions")) {
      scenario.stack.source.normal();
      scenario.publish(scenario.workload.versions(scenes, versions, 99));
      List<WorkerProcess> workers = new ArrayList<>();
      for (int i = 0; i < workerCount; i++) {
        workers.add(scenario.worker("v" + i, false, Map.of()).start());
      }
      scenario.awaitQuiescent(Duration.ofMinutes(8));
      Verdict verdict = scenario.verdict();
      Reliability.report(
          new Reliability.Figure(
              scenes + " scenes × " + versions + " versions shuffled, " + workerCount + " workers",
              scenes * versions,
              "concurrent writers",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              "-",
              verdict.currentViolations()
                  + " scenes without exactly one current row, the highest"));
      assertThat(verdict.currentViolations()).isZero();
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }
}
