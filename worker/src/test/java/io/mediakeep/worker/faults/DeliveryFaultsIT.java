package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Kafka delivers more than once, or an output topic is missing. */
class DeliveryFaultsIT {

  @Test
  void everyEventThreeTimesThenTheWholeTopicAgain() throws Exception {
    int events = Reliability.size(150, 1000);
    try (Scenario scenario = new Scenario("redelivery")) {
      scenario.stack.source.normal();
      List<Workload.Input> inputs = scenario.workload.images(events);
      List<Workload.Input> thrice = new ArrayList<>();
      for (int copy = 0; copy < 3; copy++) {
        thrice.addAll(inputs);
      }
      // The source is shared by every scenario of this JVM: count differences only.
      int base = imageRequests(scenario, inputs);
      scenario.publish(thrice);
      WorkerProcess first = scenario.worker("w1").start();
      scenario.awaitQuiescent(Duration.ofMinutes(5));
      Verdict once = scenario.verdict();
      first.terminate(Duration.ofSeconds(40));
      int downloadsBefore = imageRequests(scenario, inputs);
      int firstDownloads = downloadsBefore - base;

      // The whole topic again, from the beginning, under a new consumer group.
      scenario.switchGroup("replay");
      scenario.worker("w2").start();
      scenario.awaitQuiescent(Duration.ofMinutes(5));
      Verdict again = scenario.verdict();
      int imageDownloads = imageRequests(scenario, inputs) - downloadsBefore;

      Reliability.report(
          new Reliability.Figure(
              "every event delivered 3 times, then the whole topic replayed",
              3 * events,
              "3 deliveries + 1 replay of each",
              again.lost(),
              again.duplicated(),
              again.redelivered(),
              "-",
              imageDownloads
                  + " downloads in the replay; "
                  + firstDownloads
                  + " for "
                  + once.stored()
                  + " images over the 3 deliveries"));
      assertThat(once.clean()).as(once.toString()).isTrue();
      assertThat(again.clean()).as(again.toString()).isTrue();
      assertThat(again.stored()).isEqualTo(once.stored());
      assertThat(imageDownloads).as("a replay downloads nothing already stored").isZero();
      assertThat(firstDownloads)
          .as("the second and third deliveries download nothing")
          .isEqualTo(once.stored());
    }
  }

  /** Requests the source served for the images (not the missing files) of these inputs. */
  private static int imageRequests(Scenario scenario, List<Workload.Input> inputs) {
    int total = 0;
    for (Workload.Input input : inputs) {
      if (input.expect() instanceof Workload.Expect.Stored) {
        String url = input.data().sourceUrl();
        int seed =
            Integer.parseInt(
                url.substring(url.lastIndexOf('/') + 1, url.length() - ".png".length()));
        total += scenario.stack.source.requests(seed);
      }
    }
    return total;
  }

  @Test
  void theRejectionTopicUnavailable() throws Exception {
    try (Scenario scenario = new Scenario("no-rejected-topic", false)) {
      scenario.stack.source.normal();
      List<Workload.Input> inputs = scenario.workload.images(80); // two of them are rejected
      List<Oracle.Sent> sent = scenario.publish(inputs);
      scenario.worker("w1").start();
      Thread.sleep(20_000);
      Map<TopicPartition, Long> committed = scenario.committedOffsets();
      int held = 0;
      for (Oracle.Sent s : sent) {
        if (s.input().expect() instanceof Workload.Expect.Rejected) {
          long offset =
              committed.getOrDefault(new TopicPartition(scenario.inputTopic, s.partition()), 0L);
          assertThat(offset)
              .as("partition %d is not committed past its rejected record", s.partition())
              .isLessThanOrEqualTo(s.offset());
          held++;
        }
      }
      long before = scenario.committed();
      scenario.createRejectedTopic();
      Duration recovery = scenario.awaitProgress(before, Duration.ofMinutes(2));
      scenario.awaitQuiescent(Duration.ofMinutes(3));
      Verdict verdict = scenario.verdict();
      Reliability.report(
          new Reliability.Figure(
              "asset-rejected topic unavailable for 20 s",
              inputs.size(),
              held + " rejections waiting on the topic",
              verdict.lost(),
              verdict.duplicated(),
              verdict.redelivered(),
              Reliability.seconds(recovery),
              "no offset committed past a rejection until the rejection event was acknowledged"));
      assertThat(held).isPositive();
      assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }
  }
}
