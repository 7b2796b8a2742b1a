package io.mediakeep.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs beyond the steady one: slow sources, large files, a full redelivery, two workers. */
final class Scenarios {

  private final Bench bench;
  private final Report report;
  private final PrintStream log;

  Scenarios(Bench bench, Report report, PrintStream log) {
    this.bench = bench;
    this.report = report;
    this.log = log;
  }

  void run(List<String> names) throws Exception {
    for (String name : names) {
      log.println("scenario " + name + "...");
      bench.emptyBuckets();
      switch (name) {
        case "slow" -> slowSources();
        case "large" -> largeFiles();
        case "redelivery" -> redelivery();
        case "scale" -> twoWorkers();
        case "provider" -> providerLatency();
        default -> throw new IllegalArgumentException("no scenario " + name);
      }
    }
  }

  private int events() {
    return bench.options().events();
  }

  /**
   * 1 source in 100 answers after 20 s: how much of the steady throughput is left. Run as many
   * times as the steady run, since one run is within the steady run's own spread.
   */
  private void slowSources() throws Exception {
    List<Double> rates = new ArrayList<>();
    for (int run = 1; run <= bench.options().runs(); run++) {
      Result slow =
          bench.runArm(Bench.MEDIAKEEP, "slow-r" + run, events(), 0, Sources.ONE_IN_100_SLOW);
      log.println("  " + slow.summary());
      rates.add(slow.eventsPerSecond());
    }
    List<Double> sorted = rates.stream().sorted().toList();
    double median = Report.median(sorted);
    double steady = report.medianEventsPerSecond(Bench.MEDIAKEEP);
    double kept = steady == 0 ? 0 : median / steady;
    report.scenario(
        new Report.Scenario(
            "1 source in 100 answers after 20 s (past the 15 s idle deadline: those end"
                + " RETRIES_EXHAUSTED after 4 attempts)",
            String.format(
                "%.1f (%.1f–%.1f) events/s for the other 99%% over %d runs, %.0f%% of the"
                    + " steady median %.1f",
                median, sorted.getFirst(), sorted.getLast(), sorted.size(), kept * 100, steady),
            "≥ 90% of steady",
            kept >= 0.9 ? "met" : "not met"));
  }

  /** The provider latencies the curve is measured at. */
  static final List<Duration> PROVIDER_LATENCIES =
      List.of(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(150), Duration.ofMillis(300));

  /**
   * Sources as a provider's CDN is seen from a worker: every answer after a latency (0, 50, 150 and
   * 300 ms), then about 20 MB/s per connection. What concurrency buys when each download waits on
   * the network rather than on the CPU. The one-at-a-time designs take fewer events, since at 300
   * ms they manage about three a second; a rate does not depend on how many events measured it.
   */
  private void providerLatency() throws Exception {
    int many = Math.min(events(), 500);
    int few = Math.min(events(), 150);
    for (Duration latency : PROVIDER_LATENCIES) {
      Map<String, Double> rates = new LinkedHashMap<>();
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String arm : bench.options().arms()) {
        if (arm.equals(Bench.FLOOR)) {
          continue;
        }
        int events = arm.equals(Bench.MEDIAKEEP) ? many : few;
        Result result =
            bench.runArm(
                arm, "provider-" + latency.toMillis(), events, 0, Sources.provider(latency));
        log.println("  " + result.summary());
        rates.put(arm, result.complete() ? result.eventsPerSecond() : 0);
        counts.put(arm, events);
      }
      double mediakeep = rates.getOrDefault(Bench.MEDIAKEEP, 0.0);
      StringBuilder measured = new StringBuilder();
      rates.forEach(
          (arm, rate) ->
              measured.append(String.format("%s %.1f (%d events), ", arm, rate, counts.get(arm))));
      measured.append("events/s");
      boolean twenty = false;
      for (String other : List.of(Bench.SEED, Bench.PEER)) {
        Double rate = rates.get(other);
        if (rate != null && rate > 0 && mediakeep > 0) {
          measured.append(String.format("; mediakeep/%s ×%.2f", other, mediakeep / rate));
          twenty |= other.equals(Bench.SEED) && mediakeep / rate >= 20;
        }
      }
      boolean judged = latency.equals(Duration.ofMillis(150)) && rates.containsKey(Bench.SEED);
      report.scenario(
          new Report.Scenario(
              String.format(
                  "every source answers after %d ms, then sends at 20 MB/s per connection",
                  latency.toMillis()),
              measured.toString(),
              judged ? "mediakeep/seed ≥ ×20" : "report",
              judged ? (twenty ? "met" : "not met") : "-"));
    }
  }

  /**
   * One 1 GiB video and 200 images of 10 MiB at once: memory must not follow file size. Run twice:
   * with the JVM's default heap, which shows what G1 lets the heap grow to on a large machine, and
   * with a fixed maximum ({@code --large-heap}), which shows the worker does its job within it.
   */
  private void largeFiles() throws Exception {
    int images = bench.options().quick() ? 10 : 200;
    Result free = largeRun(images, List.of());
    bench.emptyBuckets();
    String heap = bench.options().largeHeap();
    Result fixed = largeRun(images, List.of("-Xmx" + heap));
    boolean fits =
        free.complete()
            && fixed.complete()
            && fixed.peakHeapMib() >= 0
            && fixed.peakHeapMib() * MB_PER_MIB <= 256;
    boolean fitsByDefault = fits && free.peakHeapMib() * MB_PER_MIB <= 256;
    String status = fitsByDefault ? "met" : fits ? "met with -Xmx" + heap : "not met";
    report.scenario(
        new Report.Scenario(
            "one 1 GiB video + " + images + " × 9.5 MiB images at once",
            String.format(
                "default heap: %d/%d stored in %.1f s (%.0f MB/s), peak heap %s, peak RSS %s;"
                    + " -Xmx%s: %d/%d stored in %.1f s (%.0f MB/s), peak heap %s, peak RSS %s",
                free.stored(),
                free.events(),
                free.seconds(),
                free.megabytesPerSecond(),
                Report.mib(free.peakHeapMib()),
                Report.mib(free.peakRssMib()),
                heap,
                fixed.stored(),
                fixed.events(),
                fixed.seconds(),
                fixed.megabytesPerSecond(),
                Report.mib(fixed.peakHeapMib()),
                Report.mib(fixed.peakRssMib())),
            "peak heap ≤ 256 MB",
            status));
  }

  private static final double MB_PER_MIB = 1.048576;

  private Result largeRun(int images, List<String> jvmOptions) throws Exception {
    String id = "large-" + Long.toString(System.nanoTime(), 36);
    Workload workload = Workload.large(id, 1L << 30, images, bench.images(), bench.source());
    String input = id + ".in";
    String output = id + ".out";
    bench.traffic().createTopics(Bench.PARTITIONS, input, output, id + ".rejected");
    Result result;
    try (ArmProcess process =
        bench.arms().start(Bench.MEDIAKEEP, id, id, input, output, 0, jvmOptions)) {
      bench.traffic().awaitAssigned(id, Bench.PARTITIONS, Duration.ofSeconds(90));
      result =
          bench
              .measurement()
              .measure(
                  Bench.MEDIAKEEP, "large", workload, input, output, 0, List.of(process), false);
    }
    log.println(
        "  " + (jvmOptions.isEmpty() ? "default heap" : jvmOptions) + ": " + result.summary());
    return result;
  }

  /**
   * Every stored event delivered again (a new consumer group reads the input from its start):
   * nothing may be downloaded or uploaded again.
   */
  private void redelivery() throws Exception {
    String id = "redelivery-" + Long.toString(System.nanoTime(), 36);
    String input = id + ".in";
    Workload workload =
        Workload.create(id, events(), bench.images(), bench.source(), Sources.LOOPBACK);
    bench
        .traffic()
        .createTopics(Bench.PARTITIONS, input, id + ".out", id + ".again", id + ".rejected");
    try (ArmProcess first = bench.arms().start(Bench.MEDIAKEEP, id, id, input, id + ".out", 0)) {
      bench.traffic().awaitAssigned(id, Bench.PARTITIONS, Duration.ofSeconds(90));
      Result stored =
          bench
              .measurement()
              .measure(
                  Bench.MEDIAKEEP,
                  "stored",
                  workload,
                  input,
                  id + ".out",
                  0,
                  List.of(first),
                  false);
      log.println("  first delivery: " + stored.summary());
    }
    int port = Arms.freePort();
    String again = id + "-again";
    long requestsBefore = bench.source().requests();
    try (ArmProcess second =
            bench.arms().start(Bench.MEDIAKEEP, again, again, input, id + ".again", port);
        Traffic.Outputs outputs = bench.traffic().outputs(id + ".again")) {
      long start = System.nanoTime();
      // The input topic also holds the warm-up events, which come out again as well.
      int all = events() + bench.measurement().warmup();
      int seen =
          Math.min(outputs.await(all, bench.options().timeout()), all)
              - bench.measurement().warmup();
      double seconds = (System.nanoTime() - start) / 1e9;
      WorkerProbe.awaitReady(port, Duration.ofSeconds(30));
      double puts = WorkerProbe.metric(port, "mediakeep_store_seconds_count");
      double fetches = WorkerProbe.metric(port, "mediakeep_fetch_seconds_count");
      long downloads = bench.source().requests() - requestsBefore;
      log.printf(
          "  redelivery: %d outputs in %.1f s, %d source requests, %.0f PUTs, %.0f fetches%n",
          seen, seconds, downloads, puts, fetches);
      report.scenario(
          new Report.Scenario(
              "all " + events() + " stored events delivered again (new group)",
              String.format(
                  "%d/%d asset-stored again in %.1f s (including start-up); %d downloads, %.0f"
                      + " PUTs",
                  seen, events(), seconds, downloads, puts),
              "0 downloads, 0 PUTs",
              seen >= events() && downloads == 0 && puts == 0 ? "met" : "not met"));
    }
  }

  /**
   * The same workload with 1 and with 2 worker processes in one consumer group, both warmed up as
   * the steady runs' process was.
   */
  private void twoWorkers() throws Exception {
    String id = "scale-" + Long.toString(System.nanoTime(), 36);
    String input = id + ".in";
    String output = id + ".out";
    Workload workload =
        Workload.create(id, events(), bench.images(), bench.source(), Sources.LOOPBACK);
    bench.traffic().createTopics(Bench.PARTITIONS, input, output, id + ".rejected");
    Result two;
    try (ArmProcess a = bench.arms().start(Bench.MEDIAKEEP, id + "-a", id, input, output, 0);
        ArmProcess b = bench.arms().start(Bench.MEDIAKEEP, id + "-b", id, input, output, 0)) {
      bench.traffic().awaitAssigned(id, Bench.PARTITIONS, Duration.ofSeconds(90));
      bench.warm(Bench.MEDIAKEEP, List.of(a, b), input, output); // as warm as the one compared
      two =
          bench
              .measurement()
              .measure(Bench.MEDIAKEEP, "two", workload, input, output, 0, List.of(a, b), false);
    }
    log.println("  two workers: " + two.summary());
    double one = report.medianEventsPerSecond(Bench.MEDIAKEEP);
    report.scenario(
        new Report.Scenario(
            "2 worker processes in one group vs 1",
            String.format(
                "%.1f events/s with 2, %.1f with 1 (×%.2f); %d cores for everything",
                two.eventsPerSecond(),
                one,
                one == 0 ? 0 : two.eventsPerSecond() / one,
                Runtime.getRuntime().availableProcessors()),
            "report",
            "-"));
  }
}
