package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one of three workers under steady load, as a node failure or an OOM kill does, with a
 * replacement started a second later: how long until every partition makes progress again, and
 * until the replacement is given partitions. Four cases: the classic protocol and the consumer
 * protocol (KIP-848), each with dynamic members (a Deployment: the replacement has a new name) and
 * with static members (a StatefulSet: the replacement has the dead pod's name as its
 * group.instance.id). The session timeout is the same for both protocols: 10 s in the short run,
 * {@code -Drebalance.session=45s} for the production default.
 */
class RebalanceAfterKillIT {

  private static final Duration SESSION =
      Duration.parse(
          "PT" + System.getProperty("rebalance.session", Reliability.full() ? "45s" : "10s"));

  private record Case(String name, String protocol, boolean staticMembers) {}

  private record Measured(Duration allPartitionsProgress, Duration replacementAssigned) {}

  @Test
  void timeToProgressAfterAKillWithEachProtocol() throws Exception {
    List<Case> cases =
        List.of(
            new Case("classic, dynamic members", "classic", false),
            new Case("consumer (KIP-848), dynamic members", "consumer", false),
            new Case("classic, static members", "classic", true),
            new Case("consumer (KIP-848), static members", "consumer", true));
    Map<Case, Measured> results = new HashMap<>();
    for (Case c : cases) {
      results.put(c, measure(c));
    }
    StringBuilder table = new StringBuilder();
    table.append(
        "| protocol, members | session timeout | every partition progressing again | replacement given"
            + " partitions |\n|---|---:|---:|---:|\n");
    for (Case c : cases) {
      Measured m = results.get(c);
      table.append(
          "| %s | %d s | %s | %s |%n"
              .formatted(
                  c.name(),
                  SESSION.toSeconds(),
                  Reliability.seconds(m.allPartitionsProgress()),
                  Reliability.seconds(m.replacementAssigned())));
      Reliability.report(
          new Reliability.Figure(
              "kill -9 of 1 of 3 workers, " + c.name(),
              0,
              "kill -9, replacement 1 s later",
              0,
              0,
              0,
              Reliability.seconds(m.allPartitionsProgress()),
              "replacement given partitions after "
                  + Reliability.seconds(m.replacementAssigned())
                  + "; session timeout "
                  + SESSION.toSeconds()
                  + " s"));
    }
    System.out.println(table);
    // Every case recovers on its own; how fast is the measurement above, not an assertion.
    results.values().forEach(m -> assertThat(m.allPartitionsProgress()).isPositive());
  }

  private Measured measure(Case c) throws Exception {
    long perSecond = 12; // 3 workers x 4 in flight x 1 download per second
    int events = (int) (perSecond * (40 + 3 * SESSION.toSeconds()));
    try (Scenario scenario =
        new Scenario("kill-" + c.protocol() + (c.staticMembers() ? "-static" : ""))) {
      scenario.stack.source.delay(Duration.ofSeconds(1));
      Map<String, String> env = new HashMap<>();
      env.put("MEDIAKEEP_MAX_IN_FLIGHT", "4");
      env.put("MEDIAKEEP_KAFKA_GROUP_PROTOCOL", c.protocol());
      if (c.protocol().equals("consumer")) {
        env.put("MEDIAKEEP_KAFKA_SESSION_TIMEOUT", "");
        setGroupSessionTimeout(scenario);
      } else {
        env.put("MEDIAKEEP_KAFKA_SESSION_TIMEOUT", SESSION.toSeconds() + "s");
      }
      try {
        scenario.publish(scenario.workload.images(events));
        List<WorkerProcess> workers = new ArrayList<>();
        for (String name : List.of("w1", "w2", "w3")) {
          workers.add(scenario.worker(name, c.staticMembers(), env).start());
        }
        for (WorkerProcess w : workers) {
          awaitAssigned(w, Duration.ofMinutes(2));
        }
        // Steady state: every partition commits.
        Map<TopicPartition, Long> warm = scenario.committedOffsets();
        awaitAllProgressed(scenario, warm, Duration.ofMinutes(2));

        WorkerProcess victim = workers.get(2);
        Map<TopicPartition, Long> atKill = scenario.committedOffsets();
        long killed = System.nanoTime();
        victim.kill();
        Thread.sleep(1000);
        WorkerProcess replacement =
            c.staticMembers() ? victim.start() : scenario.worker("w4", false, env).start();
        Duration patience = SESSION.multipliedBy(3).plusMinutes(1);
        Duration assigned = awaitAssigned(replacement, killed, patience);
        Duration all = awaitAllProgressed(scenario, atKill, killed, patience);
        System.out.printf(
            "%s: every partition progressing %s after the kill, replacement assigned after %s%n",
            c.name(), Reliability.seconds(all), Reliability.seconds(assigned));
        return new Measured(all, assigned);
      } finally {
        scenario.stack.source.normal();
      }
    }
  }

  /** The consumer protocol's session timeout is the group's, set here to the classic one's. */
  private static void setGroupSessionTimeout(Scenario scenario) throws Exception {
    try (Admin admin = scenario.admin()) {
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, scenario.group());
      admin
          .incrementalAlterConfigs(
              Map.of(
                  group,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(
                              "consumer.session.timeout.ms", Long.toString(SESSION.toMillis())),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static void awaitAssigned(WorkerProcess worker, Duration patience) throws Exception {
    awaitAssigned(worker, System.nanoTime(), patience);
  }

  /**
   * Waits until the worker's log says it was given partitions; returns the time since {@code from}.
   */
  private static Duration awaitAssigned(WorkerProcess worker, long from, Duration patience)
      throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (assignedIn(worker)) {
        return Duration.ofNanos(System.nanoTime() - from);
      }
      Thread.sleep(100);
    }
    throw new AssertionError(worker.name() + " was given no partitions within " + patience);
  }

  private static boolean assignedIn(WorkerProcess worker) throws IOException {
    return Files.exists(worker.log())
        && Files.readAllLines(worker.log()).stream()
            .anyMatch(line -> line.contains("partitions assigned: [in-"));
  }

  private static void awaitAllProgressed(
      Scenario scenario, Map<TopicPartition, Long> before, Duration patience) throws Exception {
    awaitAllProgressed(scenario, before, System.nanoTime(), patience);
  }

  /**
   * Waits until every input partition's committed offset has passed its value in {@code before} (or
   * reached the partition's end); returns the time since {@code from}.
   */
  private static Duration awaitAllProgressed(
      Scenario scenario, Map<TopicPartition, Long> before, long from, Duration patience)
      throws Exception {
    Map<TopicPartition, Long> ends = ends(scenario);
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, Long> now = scenario.committedOffsets();
      boolean all = true;
      for (var end : ends.entrySet()) {
        long committed = now.getOrDefault(end.getKey(), -1L);
        long was = before.getOrDefault(end.getKey(), -1L);
        if (committed <= was && committed < end.getValue()) {
          all = false;
        }
      }
      if (all) {
        return Duration.ofNanos(System.nanoTime() - from);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not every partition progressed within " + patience);
  }

  private static Map<TopicPartition, Long> ends(Scenario scenario) throws Exception {
    try (Admin admin = scenario.admin()) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < Scenario.PARTITIONS; p++) {
        request.put(new TopicPartition(scenario.inputTopic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    }
  }
}
