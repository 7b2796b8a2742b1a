package io.mediakeep.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void liveIsTheConsumeLoopRunning() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    try (Readiness readiness = new Readiness(Map.of("kafka", () -> true), 60_000);
        HttpEndpoints http =
            new HttpEndpoints(
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                readiness,
                running::get)) {
      assertThat(get(http.port(), "/health/live").statusCode()).isEqualTo(200);

      running.set(false);

      HttpResponse<String> dead = get(http.port(), "/health/live");
      assertThat(dead.statusCode()).isEqualTo(503);
      assertThat(dead.body()).contains("DOWN").contains("consume loop");
    }
  }
}
