package io.mediakeep.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's two charts, PNG files beside it: throughput per arm and latency distributions. */
final class Charts {

  /** Shorter names for chart axes, where the long ones overlap. */
  private static final Map<String, String> SHORT_NAMES =
      Map.of(
          Bench.FLOOR, "floor",
          Bench.MEDIAKEEP, "mediakeep",
          Bench.SEED, "seed flow",
          Bench.PEER, "Camel peer");

  /** One colour per arm in every chart; full speed drawn solid, half load dashed. */
  private static final Map<String, Color> COLORS =
      Map.of(
          Bench.FLOOR, new Color(0x80, 0x80, 0x80),
          Bench.MEDIAKEEP, new Color(0x1f, 0x5f, 0xd0),
          Bench.SEED, new Color(0x2a, 0x9d, 0x3f),
          Bench.PEER, new Color(0xc8, 0x3a, 0x2e));

  private Charts() {}

  static void throughput(Report report, Path file) throws IOException {
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
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    List<String> names = new ArrayList<>();
    List<Double> slowest = new ArrayList<>();
    List<Double> medians = new ArrayList<>();
    List<Double> fastest = new ArrayList<>();
    for (String arm : report.arms()) {
      List<Result> runs = report.results(arm);
      names.add(SHORT_NAMES.getOrDefault(arm, arm));
      slowest.add(Report.min(runs, Result::eventsPerSecond));
      medians.add(report.medianEventsPerSecond(arm));
      fastest.add(Report.max(runs, Result::eventsPerSecond));
    }
    if (names.isEmpty()) {
      return;
    }
    chart.addSeries("slowest run", names, slowest);
    chart.addSeries("median", names, medians);
    chart.addSeries("fastest run", names, fastest);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  static void latency(Report report, Path file) throws IOException {
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
    for (String arm : report.arms()) {
      Result full = report.medianRun(arm);
      String name = SHORT_NAMES.getOrDefault(arm, arm);
      Color color = COLORS.getOrDefault(arm, Color.BLACK);
      any |= addCdf(chart, name + ", full speed", full, color, SeriesLines.SOLID);
      any |= addCdf(chart, name + ", half load", report.halfRun(arm), color, SeriesLines.DASH_DASH);
    }
    if (any) {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static boolean addCdf(
      XYChart chart, String name, Result r, Color color, BasicStroke line) {
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
}
