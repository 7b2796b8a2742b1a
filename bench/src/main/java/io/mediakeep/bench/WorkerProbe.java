package io.mediakeep.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the bench reads from a running mediakeep worker: its /metrics and /health/ready. */
final class WorkerProbe {

  private WorkerProbe() {}

  /** Mean time per event of each step of a mediakeep worker, from its /metrics. */
  static String stages(int port) {
    StringBuilder out = new StringBuilder();
    try {
      for (String stage : List.of("fetch", "store", "record", "publish", "end_to_end")) {
        double count = metric(port, "mediakeep_" + stage + "_seconds_count");
        double sum = metric(port, "mediakeep_" + stage + "_seconds_sum");
        out.append(
            String.format(
                "%s %.1f ms (%.0f), ", stage, count == 0 ? 0 : sum / count * 1000, count));
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      out.append("metrics unavailable: ").append(e.getMessage());
    }
    return out.toString();
  }

  /** Reads one counter of a worker's /metrics, summed over its labels. */
  static double metric(int httpPort, String name) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    double sum = 0;
    for (String line : response.body().split("\n")) {
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
