package io.mediakeep.worker.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from the packaged {@code mediakeep.jar}, so the harness can kill it with SIGKILL or
 * stop it with SIGTERM like an orchestrator would. Output goes to a log file per start.
 */
public final class JavaProcess {

  /** The artifact under test; failsafe runs after {@code package}, with the module as base dir. */
  public static final Path JAR = Path.of("target", "mediakeep.jar").toAbsolutePath();

  /** mediakeep.jar with the local stack's embedded servers: what a broker process runs from. */
  public static final Path LOCAL_JAR = Path.of("target", "mediakeep-local.jar").toAbsolutePath();

  private final Process process;
  private final Path log;

  private JavaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static JavaProcess start(
      List<String> jvmOptions, List<String> arguments, Map<String, String> env, Path log) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the integration tests with verify");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    try {
      Files.createDirectories(log.getParent());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return new JavaProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hook, no flush, no commit. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM, then waits; returns how long the process took to exit. */
  Duration terminate(Duration patience) {
    long start = System.nanoTime();
    process.destroy();
    if (!awaitExit(patience)) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(30));
      throw new IllegalStateException(
          "process " + pid() + " ignored SIGTERM for " + patience + "; see " + log);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  public boolean awaitExit(Duration patience) {
    try {
      return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public int exitCode() {
    return process.exitValue();
  }
}
