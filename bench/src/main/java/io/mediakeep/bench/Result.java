package io.mediakeep.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
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
    Map<Size, List<Double>> latenciesBySize,
    double peakHeapMib,
    double peakRssMib,
    long sourceRequests,
    Cpu cpu,
    PgActivity pg) {

  /** The workload's file sizes, for latency by size: the tail is where the large files are. */
  enum Size {
    SMALL("under 1 MiB"),
    MEDIUM("1–5 MiB"),
    LARGE("over 5 MiB");

    final String label;

    Size(String label) {
      this.label = label;
    }

    static Size of(long bytes) {
      return bytes < (1 << 20) ? SMALL : bytes <= (5 << 20) ? MEDIUM : LARGE;
    }
  }

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
    Map<Size, List<Double>> bySize = new EnumMap<>(Size.class);
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
      bySize.computeIfAbsent(Size.of(event.bytes()), s -> new ArrayList<>()).add((out - in) / 1e6);
    }
    Collections.sort(latencies);
    bySize.replaceAll((size, list) -> list.stream().sorted().toList());
    return new Result(
        arm,
        label,
        counted,
        latencies.size(),
        (last - first) / 1e9,
        bytes,
        List.copyOf(latencies),
        Map.copyOf(bySize),
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
      double armCpuSeconds,
      double armJitSeconds) {
    return new Result(
        Bench.FLOOR,
        label,
        events,
        copied,
        nanos / 1e9,
        bytes,
        List.of(),
        Map.of(),
        peakHeapMib,
        peakRssMib,
        copied,
        // Only the floor's own CPU while measured: the harness, the broker and PostgreSQL are not
        // read around the measured part of a process that warms up first.
        new Cpu(armCpuSeconds, Double.NaN, Double.NaN, Double.NaN, armJitSeconds),
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
        latenciesBySize,
        peakHeapMib,
        peakRssMib,
        sourceRequests,
        usedCpu,
        usedPg);
  }

  /**
   * CPU milliseconds per event: the arm's (of it, its JIT compiler's), the harness's (S3 server,
   * source, event clients), the broker's, PostgreSQL's.
   */
  String cpuPerEvent() {
    if (cpu == null || stored == 0) {
      return "-";
    }
    return perEvent(cpu.arms())
        + " (JIT "
        + perEvent(cpu.armsJit())
        + ") / "
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
    return percentile(latenciesMs, p);
  }

  /** The latency at percentile p (0-100) of the files of one size; NaN without such files. */
  double latencyMs(Size size, double p) {
    return percentile(latenciesBySize.getOrDefault(size, List.of()), p);
  }

  private static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  boolean complete() {
    return stored == events;
  }

  String summary() {
    String latency =
        latenciesMs.isEmpty()
            ? ""
            : String.format(
                ", latency p50 %.0f / p95 %.0f / p99 %.0f ms (p99 by size %.0f / %.0f / %.0f)",
                latencyMs(50),
                latencyMs(95),
                latencyMs(99),
                latencyMs(Size.SMALL, 99),
                latencyMs(Size.MEDIUM, 99),
                latencyMs(Size.LARGE, 99));
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
