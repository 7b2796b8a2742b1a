package io.mediakeep.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the bench reads from a running mediakeep worker: its /metrics and /health/ready. */
final class WorkerProbe {

  private WorkerProbe() {}

  private static final List<String> STAGES =
      List.of("fetch", "store", "record", "publish", "end_to_end");

  /**
   * The count and sum of each step's timer of a mediakeep worker, from its /metrics: read before
   * and after the measured part, so the warm-up's burst is left out of the means. Empty if the
   * worker could not be read.
   */
  static Map<String, double[]> stageTotals(int port) {
    if (port <= 0) {
      return Map.of();
    }
    Map<String, double[]> totals = new LinkedHashMap<>();
    try {
      String metrics = scrape(port); // one reading for all the steps
      for (String stage : STAGES) {
        totals.put(
            stage,
            new double[] {
              sum(metrics, "mediakeep_" + stage + "_seconds_count"),
              sum(metrics, "mediakeep_" + stage + "_seconds_sum")
            });
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      return Map.of();
    }
    return totals;
  }

  /** Mean time per event of each step between two {@link #stageTotals} readings. */
  static String stages(Map<String, double[]> before, Map<String, double[]> after) {
    if (before.isEmpty() || after.isEmpty()) {
      return "metrics unavailable";
    }
    StringBuilder out = new StringBuilder();
    for (String stage : STAGES) {
      double count = after.get(stage)[0] - before.get(stage)[0];
      double sum = after.get(stage)[1] - before.get(stage)[1];
      out.append(
          String.format("%s %.1f ms (%.0f), ", stage, count == 0 ? 0 : sum / count * 1000, count));
    }
    return out.toString();
  }

  /** Reads one counter of a worker's /metrics, summed over its labels. */
  static double metric(int httpPort, String name) throws IOException, InterruptedException {
    return sum(scrape(httpPort), name);
  }

  private static String scrape(int httpPort) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** One counter of a /metrics text, summed over its labels. */
  private static double sum(String metrics, String name) {
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Waits until a worker answers 200 on /health/ready. */
  static void awaitReady(int httpPort, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpClient client = HttpClient.newHttpClient();
    while (System.nanoTime() < deadline) {
      try {
        int status =
            client
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException("worker on port " + httpPort + " not ready in " + timeout);
  }
}
