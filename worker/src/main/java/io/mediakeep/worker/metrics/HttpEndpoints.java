package io.mediakeep.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves /metrics, /health/live and /health/ready with the JDK's own HTTP server. Live means the
 * consume loop still runs: a worker whose loop has stopped answers 503 so that the orchestrator
 * restarts it, even before the process has finished exiting.
 */
public final class HttpEndpoints implements AutoCloseable {

  private final HttpServer server;

  public HttpEndpoints(
      String host,
      int port,
      PrometheusMeterRegistry registry,
      Readiness readiness,
      BooleanSupplier live)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/health/live",
        exchange -> {
          if (live.getAsBoolean()) {
            respond(exchange, 200, "application/json", "{\"status\":\"UP\"}");
          } else {
            respond(
                exchange,
                503,
                "application/json",
                "{\"status\":\"DOWN\",\"reason\":\"the consume loop has stopped\"}");
          }
        });
    server.createContext(
        "/health/ready",
        exchange -> {
          Readiness.Report report = readiness.report();
          respond(exchange, report.ready() ? 200 : 503, "application/json", report.toJson());
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
