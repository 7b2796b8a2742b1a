package io.mediakeep.worker.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code mediakeep run} process under test, configured through the environment as in
 * production, with its own HTTP port for /health and /metrics.
 */
final class WorkerProcess {

  private final String name;
  private final Map<String, String> env;
  private final Path logDir;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private JavaProcess process;
  private int starts;

  WorkerProcess(String name, Map<String, String> env, Path logDir) {
    this.name = name;
    this.httpPort = Sockets.freePort();
    this.env = new HashMap<>(env);
    this.env.put("MEDIAKEEP_HTTP_PORT", Integer.toString(httpPort));
    this.env.put("MEDIAKEEP_KAFKA_CLIENT_ID", name);
    this.logDir = logDir;
  }

  String name() {
    return name;
  }

  /** Starts the process; {@code extra} adds to the environment of this start only. */
  WorkerProcess start(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(extra);
    starts++;
    process =
        JavaProcess.start(
            List.of("-Xmx384m", "-XX:+UseSerialGC", "-jar", JavaProcess.JAR.toString()),
            List.of("run"),
            all,
            logDir.resolve(name + "-" + starts + ".log"));
    return this;
  }

  WorkerProcess start() {
    return start(Map.of());
  }

  boolean alive() {
    return process != null && process.alive();
  }

  void kill() {
    process.kill();
  }

  Duration terminate(Duration patience) {
    return process.terminate(patience);
  }

  boolean awaitExit(Duration patience) {
    return process.awaitExit(patience);
  }

  int exitCode() {
    return process.exitCode();
  }

  Path log() {
    return process.log();
  }

  /** The HTTP status of /health/ready, or -1 when the endpoint does not answer. */
  int readiness() {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Sum of the samples of one metric in /metrics whose labels contain every fragment (such as
   * {@code reason="RETRIES_EXHAUSTED"}), or NaN when the endpoint does not answer.
   */
  double metric(String name, String... labelFragments) {
    String body;
    try {
      body =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
    double sum = 0;
    for (String line : body.split("\n")) {
      boolean matches = line.startsWith(name + " ") || line.startsWith(name + "{");
      for (String fragment : labelFragments) {
        matches &= line.contains(fragment);
      }
      if (matches) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
