package io.mediakeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The tables and charts of one benchmark run. The report's generated part sits between markers, so
 * prose around it survives a new run; the charts are PNG files beside the report.
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

  /** Shorter names for chart axes, where the long ones overlap. */
  private static final Map<String, String> SHORT_NAMES =
      Map.of(
          Bench.FLOOR, "floor",
          Bench.MEDIAKEEP, "mediakeep",
          Bench.SEED, "seed flow",
          Bench.PEER, "Camel peer");

  /** One colour per arm in every chart; full speed drawn solid, half load dashed. */
  private static final Map<String, java.awt.Color> COLORS =
      Map.of(
          Bench.FLOOR, new java.awt.Color(0x80, 0x80, 0x80),
          Bench.MEDIAKEEP, new java.awt.Color(0x1f, 0x5f, 0xd0),
          Bench.SEED, new java.awt.Color(0x2a, 0x9d, 0x3f),
          Bench.PEER, new java.awt.Color(0xc8, 0x3a, 0x2e));

  private final Options options;
  private final Machine machine;
  private final Map<String, List<Result>> steady = new LinkedHashMap<>();
  private final Map<String, Result> half = new LinkedHashMap<>();
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
    half.put(result.arm(), result);
    complete &= result.complete();
  }

  void scenario(Scenario scenario) {
    scenarios.add(scenario);
  }

  boolean complete() {
    return complete;
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
    throughputChart(dir.resolve(throughputChart));
    latencyChart(dir.resolve(latencyChart));

    StringBuilder md = new StringBuilder();
    md.append(START).append('\n');
    md.append("Generated on ").append(LocalDate.now()).append(" by\n\n```\n");
    md.append(command()).append("\n```\n\n");
    md.append("Machine: ").append(machine).append(".\n\n");
    md.append("Workload: ")
        .append(options.events())
        .append(" image-generated events per run over 20 projects; 90% about 200 KiB, 8% 2 MiB,")
        .append(" 2% 9.5 MiB (random-pixel PNGs, so they do not compress); published as fast as")
        .append(" the producer can. Each arm is a JVM of its own with default heap settings.\n\n");
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
        .append(" peak heap | peak RSS | CPU ms/event: arm / harness / PostgreSQL |\n")
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
    ratio(t, "mediakeep / floor", mediakeep, Bench.FLOOR, "≥ 0.85");
    ratio(t, "mediakeep / seed flow", mediakeep, Bench.SEED, "≥ 20");
    ratio(t, "mediakeep / framework peer", mediakeep, Bench.PEER, "≥ 2");
    return t.toString();
  }

  private void ratio(StringBuilder t, String name, double mediakeep, String other, String target) {
    double base = medianEventsPerSecond(other);
    if (base > 0) {
      t.append(String.format("| %s | %.2f | %s |%n", name, mediakeep / base, target));
    }
  }

  private String latencyTable() {
    StringBuilder t = new StringBuilder();
    t.append("| arm | load | p50 | p95 | p99 | max |\n|---|---|---:|---:|---:|---:|\n");
    for (String arm : steady.keySet()) {
      Result full = medianRun(arm);
      if (full != null && !full.latenciesMs().isEmpty()) {
        t.append(latencyRow(arm, "full speed", full));
      }
      Result h = half.get(arm);
      if (h != null) {
        double rate = medianEventsPerSecond(Bench.MEDIAKEEP) / 2;
        t.append(latencyRow(arm, String.format("%.0f events/s (half of mediakeep)", rate), h));
      }
    }
    return t.toString();
  }

  private static String latencyRow(String arm, String load, Result r) {
    return String.format(
        "| %s | %s | %s | %s | %s | %s |%n",
        NAMES.getOrDefault(arm, arm),
        load,
        ms(r.latencyMs(50)),
        ms(r.latencyMs(95)),
        ms(r.latencyMs(99)),
        ms(r.latencyMs(100)));
  }

  private void throughputChart(Path file) throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(450)
            .title("Throughput per arm: slowest, median and fastest run")
            .xAxisTitle("")
            .yAxisTitle("events per second")
            .build();
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    List<String> names = new ArrayList<>();
    List<Double> slowest = new ArrayList<>();
    List<Double> medians = new ArrayList<>();
    List<Double> fastest = new ArrayList<>();
    for (String arm : steady.keySet()) {
      List<Result> runs = results(arm);
      names.add(SHORT_NAMES.getOrDefault(arm, arm));
      slowest.add(min(runs, Result::eventsPerSecond));
      medians.add(medianEventsPerSecond(arm));
      fastest.add(max(runs, Result::eventsPerSecond));
    }
    if (names.isEmpty()) {
      return;
    }
    chart.addSeries("slowest run", names, slowest);
    chart.addSeries("median", names, medians);
    chart.addSeries("fastest run", names, fastest);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private void latencyChart(Path file) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(450)
            .title("Latency from publish to asset-stored: share of events done within x ms")
            .xAxisTitle("milliseconds (log scale)")
            .yAxisTitle("% of events")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setYAxisDecimalPattern("#");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setYAxisTickMarkSpacingHint(60);
    boolean any = false;
    for (String arm : steady.keySet()) {
      Result full = medianRun(arm);
      String name = SHORT_NAMES.getOrDefault(arm, arm);
      java.awt.Color color = COLORS.getOrDefault(arm, java.awt.Color.BLACK);
      any |= addCdf(chart, name + ", full speed", full, color, SeriesLines.SOLID);
      any |= addCdf(chart, name + ", half load", half.get(arm), color, SeriesLines.DASH_DASH);
    }
    if (any) {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static boolean addCdf(
      XYChart chart, String name, Result r, java.awt.Color color, java.awt.BasicStroke line) {
    if (r == null || r.latenciesMs().isEmpty()) {
      return false;
    }
    List<Double> x = r.latenciesMs().stream().map(v -> Math.max(v, 0.1)).toList();
    int n = x.size();
    List<Double> y = IntStream.range(0, n).mapToObj(i -> 100.0 * (i + 1) / n).toList();
    chart
        .addSeries(name, x, y)
        .setMarker(SeriesMarkers.NONE)
        .setLineColor(color)
        .setLineStyle(line);
    return true;
  }

  private static double min(List<Result> runs, java.util.function.ToDoubleFunction<Result> f) {
    return runs.stream().mapToDouble(f).min().orElse(0);
  }

  private static double max(List<Result> runs, java.util.function.ToDoubleFunction<Result> f) {
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
