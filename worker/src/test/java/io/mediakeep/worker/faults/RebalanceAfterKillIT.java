package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one of three workers under steady load (no backlog), as a node failure or an OOM kill
 * does, with a replacement started a second later: how long until every partition makes progress
 * again, and until the replacement is given partitions. Four cases: the classic protocol and the
 * consumer protocol (KIP-848), each with dynamic members (a Deployment: the replacement has a new
 * name) and with static members (a StatefulSet: the replacement has the dead pod's name as its
 * group.instance.id). The session timeout is the same for both protocols: 10 s in the short run,
 * {@code -Drebalance.session=45s} for the production default.
 */
class RebalanceAfterKillIT {

  private static final Duration SESSION =
      Duration.parse(
          "PT" + System.getProperty("rebalance.session", Reliability.full() ? "45s" : "10s"));

  private record Case(String name, String protocol, boolean staticMembers) {}

  /**
   * {@code steady}: every partition commits again within this, without a fault. {@code survivors}:
   * the partitions the killed worker did not own commit again within this after the kill; {@code
   * orphaned}: its own partitions do.
   */
  private record Measured(
      Duration steady,
      Duration survivors,
      Duration orphaned,
      Duration replacementAssigned,
      int replacementExits) {}

  /** How long an orchestrator waits before starting a process that exited again. */
  private static final Duration RESTART_DELAY = Duration.ofSeconds(5);

  @Test
  void timeToProgressAfterAKillWithEachProtocol() throws Exception {
    List<Case> cases =
        List.of(
            new Case("classic, dynamic members", "classic", false),
            new Case("consumer (KIP-848), dynamic members", "consumer", false),
            new Case("classic, static members", "classic", true),
            new Case("consumer (KIP-848), static members", "consumer", true));
    String only = System.getProperty("rebalance.cases", "");
    if (!only.isBlank()) {
      List<Case> chosen = new ArrayList<>();
      for (String index : only.split(",")) {
        chosen.add(cases.get(Integer.parseInt(index.strip())));
      }
      cases = chosen;
    }
    Map<Case, Measured> results = new HashMap<>();
    for (Case c : cases) {
      results.put(c, measure(c));
    }
    StringBuilder table = new StringBuilder();
    table.append(
        "| protocol, members | session timeout | every partition commits, no fault | the"
            + " survivors' partitions commit again | the killed worker's partitions commit again |"
            + " replacement given partitions | replacement exited |\n"
            + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (Case c : cases) {
      Measured m = results.get(c);
      table.append(
          "| %s | %d s | %s | %s | %s | %s | %d |%n"
              .formatted(
                  c.name(),
                  SESSION.toSeconds(),
                  Reliability.seconds(m.steady()),
                  Reliability.seconds(m.survivors()),
                  Reliability.seconds(m.orphaned()),
                  Reliability.seconds(m.replacementAssigned()),
                  m.replacementExits()));
      Reliability.report(
          new Reliability.Figure(
              "kill -9 of 1 of 3 workers, " + c.name(),
              0,
              "kill -9, replacement 1 s later",
              0,
              0,
              0,
              Reliability.seconds(m.orphaned()),
              "the survivors' partitions commit again after "
                  + Reliability.seconds(m.survivors())
                  + "; replacement given partitions after "
                  + Reliability.seconds(m.replacementAssigned())
                  + "; session timeout "
                  + SESSION.toSeconds()
                  + " s; every partition committing within "
                  + Reliability.seconds(m.steady())
                  + " without a fault; the replacement exited "
                  + m.replacementExits()
                  + " times"));
    }
    System.out.println(table);
    // Every case recovers on its own; how fast is the measurement above, not an assertion.
    results.values().forEach(m -> assertThat(m.orphaned()).isPositive());
  }

  private Measured measure(Case c) throws Exception {
    try (Scenario scenario =
            new Scenario("kill-" + c.protocol() + (c.staticMembers() ? "-static" : ""));
        Steady load = new Steady(scenario)) {
      scenario.stack.source.delay(Duration.ofSeconds(1));
      Map<String, String> env = new HashMap<>();
      env.put("MEDIAKEEP_MAX_IN_FLIGHT", "4");
      // One loopback source serves every event: the per-host share would halve the capacity.
      env.put("MEDIAKEEP_MAX_IN_FLIGHT_PER_HOST", "4");
      env.put("MEDIAKEEP_KAFKA_GROUP_PROTOCOL", c.protocol());
      if (c.protocol().equals("consumer")) {
        env.put("MEDIAKEEP_KAFKA_SESSION_TIMEOUT", "");
        setGroupSessionTimeout(scenario);
      } else {
        env.put("MEDIAKEEP_KAFKA_SESSION_TIMEOUT", SESSION.toSeconds() + "s");
      }
      try {
        List<WorkerProcess> workers = new ArrayList<>();
        for (String name : List.of("w1", "w2", "w3")) {
          workers.add(scenario.worker(name, c.staticMembers(), env).start());
        }
        for (WorkerProcess w : workers) {
          awaitAssigned(w, Duration.ofMinutes(2));
        }
        load.start();
        // Warm: every partition commits. Then the same wait once more without a fault, the
        // baseline that the time after the kill compares with.
        awaitAllProgressed(scenario, scenario.committedOffsets(), Duration.ofMinutes(1));
        Duration steady =
            latest(
                awaitAllProgressed(
                    scenario,
                    scenario.committedOffsets(),
                    System.nanoTime(),
                    Duration.ofMinutes(1)));

        WorkerProcess victim = workers.get(2);
        Set<Integer> victims = owned(victim);
        Map<TopicPartition, Long> atKill = scenario.committedOffsets();
        long killed = System.nanoTime();
        victim.kill();
        Thread.sleep(1000);
        WorkerProcess replacement =
            c.staticMembers() ? victim.start() : scenario.worker("w4", false, env).start();
        Duration patience = SESSION.multipliedBy(3).plusMinutes(1);
        int[] exits = {0};
        Duration assigned = awaitAssigned(replacement, killed, patience, exits);
        Map<Integer, Duration> after = awaitAllProgressed(scenario, atKill, killed, patience);
        Map<Integer, Duration> theirs = new TreeMap<>(after);
        theirs.keySet().retainAll(victims);
        Map<Integer, Duration> others = new TreeMap<>(after);
        others.keySet().removeAll(victims);
        Measured m = new Measured(steady, latest(others), latest(theirs), assigned, exits[0]);
        System.out.printf(
            "%s: the survivors' partitions commit again %s after the kill, the killed worker's"
                + " (%s) %s (every partition commits within %s without a fault); replacement"
                + " assigned after %s, the replacement exited %d times%n",
            c.name(),
            Reliability.seconds(m.survivors()),
            victims,
            Reliability.seconds(m.orphaned()),
            Reliability.seconds(steady),
            Reliability.seconds(assigned),
            exits[0]);
        return m;
      } finally {
        scenario.stack.source.normal();
      }
    }
  }

  /**
   * Publishes {@value #PER_SECOND} events a second, half of what two workers can store (4 in flight
   * each, 1 s a download), so no backlog builds up: a partition stands still only while nobody
   * consumes it, and the time to progress measures the rebalance, not the draining of a queue.
   */
  private static final class Steady implements AutoCloseable {
    private static final int PER_SECOND = 4;
    private final Scenario scenario;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Exception failure;

    Steady(Scenario scenario) {
      this.scenario = scenario;
      this.thread = new Thread(this::run, "steady-load");
    }

    void start() {
      thread.start();
    }

    private void run() {
      List<Workload.Input> inputs = scenario.workload.images(PER_SECOND * 600);
      int next = 0;
      try {
        while (!stopped && next + PER_SECOND <= inputs.size()) {
          long started = System.nanoTime();
          scenario.publish(inputs.subList(next, next + PER_SECOND));
          next += PER_SECOND;
          long left = 1_000_000_000L - (System.nanoTime() - started);
          if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        failure = e;
      }
    }

    @Override
    public void close() throws Exception {
      stopped = true;
      thread.join(Duration.ofSeconds(70));
      if (failure != null) {
        throw new AssertionError("the steady load stopped", failure);
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
    int[] exits = {0};
    awaitAssigned(worker, System.nanoTime(), patience, exits);
    assertThat(exits[0]).as("%s exited while joining", worker.name()).isZero();
  }

  /**
   * Waits until the worker's log says it was given partitions; returns the time since {@code from}.
   * A worker that exits is started again {@link #RESTART_DELAY} later, as Kubernetes would, and
   * counted in {@code exits}.
   */
  private static Duration awaitAssigned(
      WorkerProcess worker, long from, Duration patience, int[] exits) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (assignedIn(worker)) {
        return Duration.ofNanos(System.nanoTime() - from);
      }
      if (!worker.alive()) {
        exits[0]++;
        System.out.printf(
            "  %s exited (%d); starting it again in %s%n",
            worker.name(), worker.exitCode(), RESTART_DELAY);
        Thread.sleep(RESTART_DELAY.toMillis());
        worker.start();
        continue;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(worker.name() + " was given no partitions within " + patience);
  }

  /** The input partitions a worker owns now, from its log's assigned and revoked lines. */
  private static Set<Integer> owned(WorkerProcess worker) throws IOException {
    Set<Integer> owned = new TreeSet<>();
    Pattern partition = Pattern.compile("in-[^,\\]]*-(\\d+)");
    for (String line : Files.readAllLines(worker.log())) {
      boolean assigned = line.contains("partitions assigned: ");
      if (!assigned
          && !line.contains("partitions revoked: ")
          && !line.contains("partitions lost")) {
        continue;
      }
      Matcher m = partition.matcher(line);
      while (m.find()) {
        int p = Integer.parseInt(m.group(1));
        if (assigned) {
          owned.add(p);
        } else {
          owned.remove(p);
        }
      }
    }
    assertThat(owned).as("%s owns partitions when it is killed", worker.name()).isNotEmpty();
    return owned;
  }

  private static Duration latest(Map<Integer, Duration> perPartition) {
    return perPartition.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
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
   * reached the partition's end); returns, per partition, the time since {@code from}.
   */
  private static Map<Integer, Duration> awaitAllProgressed(
      Scenario scenario, Map<TopicPartition, Long> before, long from, Duration patience)
      throws Exception {
    Map<TopicPartition, Long> ends = ends(scenario);
    Map<Integer, Long> firstProgress = new TreeMap<>();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, Long> now = scenario.committedOffsets();
      for (var end : ends.entrySet()) {
        long committed = now.getOrDefault(end.getKey(), -1L);
        long was = before.getOrDefault(end.getKey(), -1L);
        if (committed > was || committed >= end.getValue()) {
          firstProgress.putIfAbsent(end.getKey().partition(), System.nanoTime() - from);
        }
      }
      if (firstProgress.size() == ends.size()) {
        StringBuilder each = new StringBuilder();
        firstProgress.forEach(
            (p, nanos) ->
                each.append(" p")
                    .append(p)
                    .append(" ")
                    .append(nanos / 100_000_000 / 10.0)
                    .append(" s"));
        System.out.println("  first commit after, per partition:" + each);
        Map<Integer, Duration> times = new TreeMap<>();
        firstProgress.forEach((p, nanos) -> times.put(p, Duration.ofNanos(nanos)));
        return times;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "not every partition progressed within "
            + patience
            + ": committed "
            + scenario.committedOffsets()
            + ", before "
            + before
            + ", ends "
            + ends);
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
