package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kafka broker process dies (SIGKILL) or stops cleanly, and comes back, while work flows. */
class BrokerFaultsIT {

  @Test
  void brokerKilledAndRestarted() throws Exception {
    int events = Reliability.size(300, 1000);
    int rounds = Reliability.size(2, 3);
    try (Scenario scenario = new Scenario("broker")) {
      // Paced (8 in flight, 200 ms per download) so every broker fault lands in the middle of work.
      scenario.stack.source.delay(Duration.ofMillis(200));
      scenario.publish(scenario.workload.images(events));
      scenario.worker("w1", true, Map.of("MEDIAKEEP_MAX_IN_FLIGHT", "8")).start();
      List<Duration> recoveries = new ArrayList<>();
      int hard = 0;
      int clean = 0;
      try {
        for (int round = 0; round < rounds; round++) {
          scenario.awaitProgress(scenario.committed(), Duration.ofMinutes(2));
          long before = scenario.committed();
          // Hard kills and clean stops take turns; both end the same way for the worker.
          if (round % 2 == 0) {
            scenario.stack.kafka.kill();
            hard++;
          } else {
            scenario.stack.kafka.stop();
            clean++;
          }
          Thread.sleep(3000);
          scenario.stack.kafka.start();
          recoveries.add(scenario.awaitProgress(before, Duration.ofMinutes(3)));
        }
      } finally {
        scenario.stack.source.normal();
      }
      scenario.awaitQuiescent(Duration.ofMinutes(5));
      Verdict verdict = scenario.verdict();
      Reliability.report(
          new Reliability.Figure(
              "Kafka broker killed (SIGKILL) or stopped, then restarted",
              events,
              hard + " hard + " + clean + " clean",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              Reliability.recovery(recoveries),
              "the worker process stays up throughout; down 3 s each time"));
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }
}
