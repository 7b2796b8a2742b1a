package io.mediakeep.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What one run of one arm measured. Throughput runs from the first event handed to the producer to
 * the last output seen; latency from each event handed to the producer to its output seen.
 */
record Result(
    String arm,
    String label,
    int events,
    int stored,
    double seconds,
    long bytes,
    List<Double> latenciesMs,
    double peakHeapMib,
    double peakRssMib,
    long sourceRequests,
    Cpu cpu,
    PgActivity pg) {

  /** With {@code withoutSlow}, the events of slow sources are left out of the figures. */
  static Result of(
      String arm,
      String label,
      Workload workload,
      Map<String, Long> sent,
      Map<String, Long> seen,
      double peakHeapMib,
      double peakRssMib,
      long sourceRequests,
      boolean withoutSlow) {
    long first = Collections.min(sent.values());
    long last = first;
    long bytes = 0;
    List<Double> latencies = new ArrayList<>();
    int counted = 0;
    for (Workload.Event event : workload.events()) {
      if (withoutSlow && event.slow()) {
        continue;
      }
      counted++;
      Long out = seen.get(event.key());
      Long in = sent.get(event.key());
      if (out == null || in == null) {
        continue;
      }
      last = Math.max(last, out);
      bytes += event.bytes();
      latencies.add((out - in) / 1e6);
    }
    Collections.sort(latencies);
    return new Result(
        arm,
        label,
        counted,
        latencies.size(),
        (last - first) / 1e9,
        bytes,
        List.copyOf(latencies),
        peakHeapMib,
        peakRssMib,
        sourceRequests,
        null,
        null);
  }

  static Result floor(
      String label,
      int events,
      int copied,
      long bytes,
      long nanos,
      double peakHeapMib,
      double peakRssMib,
      double armCpuSeconds) {
    return new Result(
        Bench.FLOOR,
        label,
        events,
        copied,
        nanos / 1e9,
        bytes,
        List.of(),
        peakHeapMib,
        peakRssMib,
        copied,
        // Only the floor's own CPU while measured: the harness, the broker and PostgreSQL are not
        // read around the measured part of a process that warms up first.
        new Cpu(armCpuSeconds, Double.NaN, Double.NaN, Double.NaN),
        null);
  }

  /** This result with what its processes spent while it was measured. */
  Result withUsage(Cpu usedCpu, PgActivity usedPg) {
    return new Result(
        arm,
        label,
        events,
        stored,
        seconds,
        bytes,
        latenciesMs,
        peakHeapMib,
        peakRssMib,
        sourceRequests,
        usedCpu,
        usedPg);
  }

  /**
   * CPU milliseconds per event: the arm's, the harness's (S3 server, source, event clients), the
   * broker's, PostgreSQL's.
   */
  String cpuPerEvent() {
    if (cpu == null || stored == 0) {
      return "-";
    }
    return perEvent(cpu.arms())
        + " / "
        + perEvent(cpu.harness())
        + " / "
        + perEvent(cpu.broker())
        + " / "
        + perEvent(cpu.postgres());
  }

  private String perEvent(double seconds) {
    return Double.isNaN(seconds) ? "-" : String.format("%.1f", seconds * 1000 / stored);
  }

  double eventsPerSecond() {
    return seconds <= 0 ? 0 : stored / seconds;
  }

  double megabytesPerSecond() {
    return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
  }

  /** The latency at percentile p (0-100), nearest rank; NaN without latencies. */
  double latencyMs(double p) {
    if (latenciesMs.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * latenciesMs.size());
    return latenciesMs.get(Math.max(0, Math.min(latenciesMs.size() - 1, rank - 1)));
  }

  boolean complete() {
    return stored == events;
  }

  String summary() {
    String latency =
        latenciesMs.isEmpty()
            ? ""
            : String.format(
                ", latency p50 %.0f / p95 %.0f / p99 %.0f ms",
                latencyMs(50), latencyMs(95), latencyMs(99));
    return String.format(
        "%s: %d/%d in %.2f s = %.1f events/s, %.1f MB/s%s, peak heap %.0f MiB, peak RSS %.0f MiB,"
            + " CPU ms/event arm/harness/broker/postgres %s",
        arm,
        stored,
        events,
        seconds,
        eventsPerSecond(),
        megabytesPerSecond(),
        latency,
        peakHeapMib,
        peakRssMib,
        cpuPerEvent());
  }
}
