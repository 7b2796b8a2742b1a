package io.mediakeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The tables of one benchmark run and the file they go to. The report's generated part sits between
 * markers, so prose around it survives a new run; {@link Charts} draws the PNG files beside it.
 */
final class Report {

  static final String START = "<!-- bench:start -->";
  static final String END = "<!-- bench:end -->";

  /** One row of the scenarios table. */
  record Scenario(String name, String measured, String target, String verdict) {}

  private static final Map<String, String> NAMES =
      Map.of(
          Bench.FLOOR, "floor (raw GET + PUT)",
          Bench.MEDIAKEEP, "mediakeep (defaults)",
          Bench.SEED, "seed flow (one at a time)",
          Bench.PEER, "framework peer (Camel route)");

  private final Options options;
  private final Machine machine;
  private final Map<String, List<Result>> steady = new LinkedHashMap<>();
  private final Map<String, List<Result>> half = new LinkedHashMap<>();
  private final List<Scenario> scenarios = new ArrayList<>();
  private boolean complete = true;

  Report(Options options, Machine machine) {
    this.options = options;
    this.machine = machine;
  }

  void steady(Result result) {
    steady.computeIfAbsent(result.arm(), a -> new ArrayList<>()).add(result);
    complete &= result.complete();
  }

  void half(Result result) {
    half.computeIfAbsent(result.arm(), a -> new ArrayList<>()).add(result);
    complete &= result.complete();
  }

  void scenario(Scenario scenario) {
    scenarios.add(scenario);
  }

  boolean complete() {
    return complete;
  }

  /** The arms measured at full speed, in the order they ran. */
  List<String> arms() {
    return List.copyOf(steady.keySet());
  }

  /** The arm's run at half of mediakeep's speed with the median p99, or null. */
  Result halfRun(String arm) {
    List<Result> sorted =
        half.getOrDefault(arm, List.of()).stream()
            .sorted(Comparator.comparingDouble(r -> r.latencyMs(99)))
            .toList();
    return sorted.isEmpty() ? null : sorted.get(sorted.size() / 2);
  }

  List<Result> results(String arm) {
    return steady.getOrDefault(arm, List.of());
  }

  double medianEventsPerSecond(String arm) {
    return median(results(arm).stream().map(Result::eventsPerSecond).toList());
  }

  double medianMegabytesPerSecond(String arm) {
    return median(results(arm).stream().map(Result::megabytesPerSecond).toList());
  }

  /** The run whose throughput is the median, for its latencies and memory. */
  Result medianRun(String arm) {
    List<Result> sorted =
        results(arm).stream().sorted(Comparator.comparingDouble(Result::eventsPerSecond)).toList();
    return sorted.isEmpty() ? null : sorted.get(sorted.size() / 2);
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  void write(Path report) throws IOException {
    Path dir = report.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String base = report.getFileName().toString().replaceFirst("\\.md$", "");
    String throughputChart = base + "-throughput.png";
    String latencyChart = base + "-latency.png";
    Charts.throughput(this, dir.resolve(throughputChart));
    Charts.latency(this, dir.resolve(latencyChart));

    StringBuilder md = new StringBuilder();
    md.append(START).append('\n');
    md.append("Generated on ").append(LocalDate.now()).append(" by\n\n```\n");
    md.append(command()).append("\n```\n\n");
    md.append("Machine: ").append(machine).append(".\n\n");
    md.append("Workload: ")
        .append(options.events())
        .append(" image-generated events per run over 20 projects; 90% about 200 KiB, 8% 2 MiB,")
        .append(" 2% 9.5 MiB (random-pixel PNGs, so they do not compress); published as fast as")
        .append(" the producer can. Each arm is a JVM of its own with default heap settings,")
        .append(" started once and warmed up for ")
        .append(options.warmup().toSeconds())
        .append(" s at full speed before its first run; it then serves all of its runs (but")
        .append(" those with slow sources, which get a process each), so its peak heap and RSS")
        .append(" are over all of them.\n\n");
    md.append("![throughput per arm](").append(throughputChart).append(")\n\n");
    md.append(throughputTable()).append('\n');
    md.append(ratios()).append('\n');
    md.append("![latency distribution](").append(latencyChart).append(")\n\n");
    md.append(latencyTable()).append('\n');
    if (!scenarios.isEmpty()) {
      md.append("| scenario | measured | target | |\n|---|---|---|---|\n");
      for (Scenario s : scenarios) {
        md.append("| ")
            .append(s.name())
            .append(" | ")
            .append(s.measured())
            .append(" | ")
            .append(s.target())
            .append(" | ")
            .append(s.verdict())
            .append(" |\n");
      }
      md.append('\n');
    }
    md.append(END).append('\n');

    String text = md.toString();
    if (Files.exists(report)) {
      String old = Files.readString(report);
      int start = old.indexOf(START);
      int end = old.indexOf(END);
      if (start >= 0 && end > start) {
        text = old.substring(0, start) + text + old.substring(end + END.length() + 1);
      }
    } else {
      text = "# Performance\n\n" + text;
    }
    Files.writeString(report, text);
  }

  private String command() {
    return options.quick()
        ? "java -jar bench/target/mediakeep-bench.jar --quick"
        : "./mvnw -B -pl bench -am package -DskipTests && java -jar bench/target/mediakeep-bench.jar";
  }

  private String throughputTable() {
    StringBuilder t = new StringBuilder();
    t.append("| arm | runs | events/s median (min–max) | MB/s median (min–max) | stored |")
        .append(
            " peak heap | peak RSS | CPU ms/event: arm (of it JIT) / harness / broker / PostgreSQL |\n")
        .append("|---|---:|---|---|---|---:|---:|---|\n");
    for (String arm : steady.keySet()) {
      List<Result> runs = results(arm);
      Result mid = medianRun(arm);
      t.append(
          String.format(
              "| %s | %d | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %s | %s | %s | %s |%n",
              NAMES.getOrDefault(arm, arm),
              runs.size(),
              medianEventsPerSecond(arm),
              min(runs, Result::eventsPerSecond),
              max(runs, Result::eventsPerSecond),
              medianMegabytesPerSecond(arm),
              min(runs, Result::megabytesPerSecond),
              max(runs, Result::megabytesPerSecond),
              runs.stream().map(r -> r.stored() + "/" + r.events()).distinct().toList(),
              mib(mid.peakHeapMib()),
              mib(mid.peakRssMib()),
              mid.cpuPerEvent()));
    }
    return t.toString();
  }

  private String ratios() {
    double mediakeep = medianEventsPerSecond(Bench.MEDIAKEEP);
    if (mediakeep == 0) {
      return "";
    }
    StringBuilder t = new StringBuilder("| ratio | measured | target |\n|---|---:|---|\n");
    List<Result> own = results(Bench.MEDIAKEEP);
    List<Result> floor = results(Bench.FLOOR);
    if (!floor.isEmpty()) {
      List<Double> perRun = new ArrayList<>();
      for (int run = 0; run < Math.min(own.size(), floor.size()); run++) {
        double base = floor.get(run).eventsPerSecond();
        perRun.add(base > 0 ? own.get(run).eventsPerSecond() / base : 0);
      }
      t.append(
          String.format(
              "| mediakeep / floor, events/s (each run: %s) | %.2f | ≥ 0.9 in every run |%n",
              joined(perRun), mediakeep / medianEventsPerSecond(Bench.FLOOR)));
      double ownCpu = medianCpuMsPerEvent(own, Cpu::arms);
      double floorCpu = medianCpuMsPerEvent(floor, Cpu::arms);
      if (floorCpu > 0) {
        t.append(
            String.format(
                "| mediakeep / floor, own CPU per event (%.1f / %.1f ms, of it JIT %.1f / %.1f)"
                    + " | %.2f | ≤ 1.15 |%n",
                ownCpu,
                floorCpu,
                medianCpuMsPerEvent(own, Cpu::armsJit),
                medianCpuMsPerEvent(floor, Cpu::armsJit),
                ownCpu / floorCpu));
      }
    }
    t.append(
        String.format(
            "| broker + PostgreSQL CPU per mediakeep event, ms | %.2f | ≤ 1.5 |%n",
            medianCpuMsPerEvent(own, c -> c.broker() + c.postgres())));
    List<Result> recorded = own.stream().filter(r -> r.pg() != null && r.stored() > 0).toList();
    if (!recorded.isEmpty()) {
      t.append(
          String.format(
              "| PostgreSQL per mediakeep event: commits, WAL | %.2f, %.1f KiB | report |%n",
              median(recorded.stream().map(r -> (double) r.pg().commits() / r.stored()).toList()),
              median(
                  recorded.stream().map(r -> r.pg().walBytes() / 1024.0 / r.stored()).toList())));
    }
    ratio(t, "mediakeep / seed flow, events/s", mediakeep, Bench.SEED, "≥ 20");
    ratio(t, "mediakeep / framework peer, events/s", mediakeep, Bench.PEER, "≥ 2");
    List<Result> halves = half.getOrDefault(Bench.MEDIAKEEP, List.of());
    if (!halves.isEmpty()) {
      List<Double> p99 = halves.stream().map(r -> r.latencyMs(99)).toList();
      t.append(
          String.format(
              "| p99 at half load, each run, ms | %s | ≤ 250 in each of 3 runs |%n",
              String.join(", ", p99.stream().map(v -> String.format("%.0f", v)).toList())));
    }
    return t.toString();
  }

  /** The median over runs of one process's CPU milliseconds per stored event. */
  static double medianCpuMsPerEvent(List<Result> runs, ToDoubleFunction<Cpu> part) {
    return median(
        runs.stream()
            .filter(r -> r.cpu() != null && r.stored() > 0)
            .map(r -> part.applyAsDouble(r.cpu()) * 1000 / r.stored())
            .toList());
  }

  private static String joined(List<Double> values) {
    return String.join(", ", values.stream().map(v -> String.format("%.2f", v)).toList());
  }

  private void ratio(StringBuilder t, String name, double mediakeep, String other, String target) {
    double base = medianEventsPerSecond(other);
    if (base > 0) {
      t.append(String.format("| %s | %.2f | %s |%n", name, mediakeep / base, target));
    }
  }

  private String latencyTable() {
    StringBuilder t = new StringBuilder();
    t.append("| arm | load | p50 | p95 | p99 | max | p99 by file size: ")
        .append(String.join(" / ", Arrays.stream(Result.Size.values()).map(s -> s.label).toList()))
        .append(" |\n|---|---|---:|---:|---:|---:|---:|\n");
    for (String arm : steady.keySet()) {
      Result full = medianRun(arm);
      if (full != null && !full.latenciesMs().isEmpty()) {
        t.append(latencyRow(arm, "full speed", full));
      }
      List<Result> halves = half.getOrDefault(arm, List.of());
      double rate = medianEventsPerSecond(Bench.MEDIAKEEP) / 2;
      for (int run = 0; run < halves.size(); run++) {
        String load = String.format("%.0f events/s (half of mediakeep)", rate);
        if (halves.size() > 1) {
          load += ", run " + (run + 1);
        }
        t.append(latencyRow(arm, load, halves.get(run)));
      }
    }
    return t.toString();
  }

  private static String latencyRow(String arm, String load, Result r) {
    return String.format(
        "| %s | %s | %s | %s | %s | %s | %s |%n",
        NAMES.getOrDefault(arm, arm),
        load,
        ms(r.latencyMs(50)),
        ms(r.latencyMs(95)),
        ms(r.latencyMs(99)),
        ms(r.latencyMs(100)),
        String.join(
            " / ", Arrays.stream(Result.Size.values()).map(s -> ms(r.latencyMs(s, 99))).toList()));
  }

  static double min(List<Result> runs, ToDoubleFunction<Result> f) {
    return runs.stream().mapToDouble(f).min().orElse(0);
  }

  static double max(List<Result> runs, ToDoubleFunction<Result> f) {
    return runs.stream().mapToDouble(f).max().orElse(0);
  }

  static String mib(double mib) {
    return mib < 0 ? "no GC ran" : String.format("%.0f MiB", mib);
  }

  static String ms(double ms) {
    return Double.isNaN(ms)
        ? "-"
        : ms >= 10_000 ? String.format("%.1f s", ms / 1000) : String.format("%.0f ms", ms);
  }
}
