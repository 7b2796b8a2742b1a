package io.mediakeep.bench;

import java.io.PrintStream;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One measured run: a warm-up that is not counted, the CPU of an idle moment, then the workload
 * published (as fast as the producer can, or at a set rate), every output awaited and the arm's
 * processes read for CPU, heap and RSS.
 */
final class Measurement {

  private final Options options;
  private final PrintStream log;
  private final Traffic traffic;
  private final Source source;
  private final List<Images.Image> images;
  private final long brokerPid;
  private final Supplier<PgActivity> pg;

  Measurement(
      Options options,
      PrintStream log,
      Traffic traffic,
      Source source,
      List<Images.Image> images,
      long brokerPid,
      Supplier<PgActivity> pg) {
    this.brokerPid = brokerPid;
    this.pg = pg;
    this.options = options;
    this.log = log;
    this.traffic = traffic;
    this.source = source;
    this.images = images;
  }

  /** Publishes the workload, waits for every output, and measures the processes. */
  Result measure(
      String arm,
      String label,
      Workload workload,
      String input,
      String output,
      double perSecond,
      List<ArmProcess> processes,
      boolean withoutSlow)
      throws Exception {
    String rejectedTopic =
        arm.equals(Bench.MEDIAKEEP) ? processes.getFirst().rejectedTopic() : null;
    try (Traffic.Outputs outputs = traffic.outputs(output, rejectedTopic)) {
      // A long-running worker meets a burst warm: a few events first, not measured.
      // Named after the run: an arm's process serves several runs on one topic, and the same keys
      // again would be duplicates (which the seed flow's plain insert refuses).
      Workload warm =
          Workload.create(
              input + "-" + label + "-warm-" + Long.toString(System.nanoTime(), 36),
              warmup(),
              images,
              source,
              Sources.LOOPBACK);
      traffic.publish(input, warm.events(), 0);
      if (outputs.await(warm.events().size(), options.timeout()) < warm.events().size()) {
        throw new IllegalStateException(arm + " did not get through its warm-up; see its log");
      }
      Cpu idleStart = Cpu.read(processes, brokerPid);
      Thread.sleep(3000);
      Cpu idle = Cpu.read(processes, brokerPid).minus(idleStart);
      log.printf(
          "  idle for 3 s: the arm used %.0f%% of a core, this JVM %.0f%%, the broker %.0f%%,"
              + " PostgreSQL %.0f%%%n",
          idle.arms() / 3 * 100,
          idle.harness() / 3 * 100,
          idle.broker() / 3 * 100,
          idle.postgres() / 3 * 100);
      long before = source.requests();
      List<Map<String, double[]>> stagesBefore =
          processes.stream().map(p -> WorkerProbe.stageTotals(p.metricsPort())).toList();
      LocalTime measuredFrom = LocalTime.now();
      Cpu cpuBefore = Cpu.read(processes, brokerPid);
      PgActivity pgBefore = pg.get();
      Map<String, Long> sent = traffic.publish(input, workload.events(), perSecond);
      // With slow sources, only the others are awaited: a source slower than the idle deadline
      // ends as a rejection after its retries, which is not what is measured here.
      long awaited = workload.events().stream().filter(e -> !withoutSlow || !e.slow()).count();
      int expected = warm.events().size() + (int) awaited;
      int seen = outputs.await(expected, options.timeout()) - warm.events().size();
      if (!outputs.rejected().isEmpty()) {
        log.printf("  %d rejected (see the arm's log)%n", outputs.rejected().size());
      }
      if (seen + outputs.rejected().size() < awaited) {
        log.printf("  only %d of %d outputs within %s%n", seen, awaited, options.timeout());
      }
      Cpu cpu = Cpu.read(processes, brokerPid).minus(cpuBefore);
      // For reading a --profile recording: its events carry the same local wall-clock times.
      log.printf("  measured from %s to %s%n", measuredFrom, LocalTime.now());
      PgActivity pgUsed = pg.get().minus(pgBefore);
      for (int i = 0; i < processes.size(); i++) {
        int port = processes.get(i).metricsPort();
        if (port > 0) {
          log.println(
              "  where the time goes (mean per event): "
                  + WorkerProbe.stages(stagesBefore.get(i), WorkerProbe.stageTotals(port)));
        }
      }
      double heap = processes.stream().mapToDouble(ArmProcess::peakHeapMib).max().orElse(-1);
      double rss = processes.stream().mapToDouble(ArmProcess::peakRssMib).max().orElse(-1);
      return Result.of(
              arm,
              label,
              workload,
              sent,
              outputs.seen(),
              heap,
              rss,
              source.requests() - before,
              withoutSlow)
          .withUsage(cpu, pgUsed);
    }
  }

  /**
   * Has a Kafka arm handle the workload at full speed, unmeasured: how its long-running process
   * warms up before its first run.
   */
  void drive(String arm, Workload workload, String input, String output, ArmProcess process)
      throws Exception {
    try (Traffic.Outputs outputs = traffic.outputs(output, process.rejectedTopic())) {
      traffic.publish(input, workload.events(), 0);
      int expected = workload.events().size();
      if (outputs.await(expected, options.timeout()) + outputs.rejected().size() < expected) {
        throw new IllegalStateException(arm + " did not get through its warm-up; see its log");
      }
    }
  }

  /** Events each arm handles before each measured run. */
  int warmup() {
    return options.quick() ? 10 : 100;
  }
}
