package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while {@code mediakeep run} is still starting: PostgreSQL is unreachable (a closed
 * loopback port), so Flyway sits in its connection retries, which take minutes. The process must
 * end within MEDIAKEEP_SHUTDOWN_TIMEOUT, exit 0 and say why.
 */
class StartupStopIT {

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  @Test
  void aStopDuringStartUpEndsTheProcessWithinTheShutdownTimeout() throws Exception {
    Path log = Path.of("target", "startup-stop", "refused.log");
    JavaProcess run = startRun(Sockets.freePort(), log);
    try {
      Await.until(
          "Flyway retries its connection to the closed port",
          () -> logText(log).contains("Retrying"));
      assertThat(run.alive()).as("still starting").isTrue();

      Duration took = run.terminate(SHUTDOWN_TIMEOUT.plusSeconds(3));

      assertThat(took).isLessThan(SHUTDOWN_TIMEOUT.plusSeconds(3));
      assertThat(run.exitCode()).as("a requested stop, see " + log).isZero();
      assertThat(logText(log)).contains("received during start-up", "stopped during start-up");
    } finally {
      if (run.alive()) {
        run.kill();
      }
    }
  }

  /**
   * A database that accepts the connection and never answers: the driver blocks in a read that no
   * interrupt ends, so the process gives up waiting at the deadline and exits 1.
   */
  @Test
  void aStartUpStuckWhereNoInterruptReachesStillEndsAtTheShutdownTimeout() throws Exception {
    Path log = Path.of("target", "startup-stop", "silent.log");
    try (LoopbackServer silent =
        new LoopbackServer("silent-postgres", c -> Thread.sleep(120_000))) {
      JavaProcess run = startRun(silent.port(), log);
      try {
        Await.until("the worker connects to the silent database", () -> silent.accepted() > 0);
        Thread.sleep(500);
        assertThat(run.alive()).as("still starting").isTrue();

        Duration took = run.terminate(SHUTDOWN_TIMEOUT.plusSeconds(5));

        assertThat(took).isGreaterThanOrEqualTo(SHUTDOWN_TIMEOUT);
        assertThat(run.exitCode()).as("gave up on an orderly stop, see " + log).isEqualTo(1);
        assertThat(logText(log)).contains("start-up did not stop within 5 s");
      } finally {
        if (run.alive()) {
          run.kill();
        }
      }
    }
  }

  private static JavaProcess startRun(int postgresPort, Path log) throws IOException {
    Files.deleteIfExists(log);
    return JavaProcess.start(
        List.of("-Xmx128m", "-jar", JavaProcess.JAR.toString()),
        List.of("run"),
        Map.of(
            "MEDIAKEEP_DB_URL",
            "jdbc:postgresql://127.0.0.1:" + postgresPort + "/mediakeep",
            "MEDIAKEEP_KAFKA_BOOTSTRAP",
            "127.0.0.1:" + Sockets.freePort(),
            "MEDIAKEEP_S3_ENDPOINT",
            "http://127.0.0.1:" + Sockets.freePort(),
            "MEDIAKEEP_HTTP_PORT",
            "0",
            "MEDIAKEEP_SHUTDOWN_TIMEOUT",
            SHUTDOWN_TIMEOUT.toSeconds() + "s"),
        log);
  }

  private static String logText(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
