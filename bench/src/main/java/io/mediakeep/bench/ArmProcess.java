package io.mediakeep.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One arm as a JVM of its own, so that its memory is its own: started with a GC log, sampled for
 * its peak resident set ({@code VmHWM} in /proc) while it runs, and stopped with SIGTERM.
 */
final class ArmProcess implements AutoCloseable {

  /** Heap sizes in a unified GC log line: {@code 120M->40M(256M)}. */
  private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private final Process process;
  private final Path gcLog;
  private final Path output;
  private final Thread sampler;
  private volatile long peakRssKib;
  private int metricsPort;
  private String rejectedTopic;

  private ArmProcess(Process process, Path gcLog, Path output) {
    this.process = process;
    this.gcLog = gcLog;
    this.output = output;
    this.sampler = Thread.ofVirtual().start(this::sample);
  }

  /**
   * Starts {@code java [jvmArgs] -Xlog:gc:file=... mainArgs...} with {@code env} laid over this
   * process's environment; its output goes to {@code dir/name.log}.
   */
  static ArmProcess start(
      String name, Path dir, List<String> jvmArgs, List<String> mainArgs, Map<String, String> env)
      throws IOException {
    Files.createDirectories(dir);
    Path gcLog = dir.resolve(name + ".gc.log");
    Path output = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-Xlog:gc:file=" + gcLog);
    command.addAll(mainArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    return new ArmProcess(builder.start(), gcLog, output);
  }

  private void sample() {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    while (process.isAlive()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            peakRssKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
        Thread.sleep(200);
      } catch (IOException | NumberFormatException gone) {
        return;
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The port of a mediakeep arm's /metrics, or 0. */
  int metricsPort() {
    return metricsPort;
  }

  /** Where a mediakeep arm publishes its rejections, or null. */
  String rejectedTopic() {
    return rejectedTopic;
  }

  ArmProcess withRejectedTopic(String topic) {
    this.rejectedTopic = topic;
    return this;
  }

  ArmProcess withMetricsPort(int port) {
    this.metricsPort = port;
    return this;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path output() {
    return output;
  }

  /** Writes one line to the process's standard input. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /**
   * Waits until the process's output has a line that starts with {@code prefix}; that line.
   *
   * @throws IllegalStateException if the process ends or the timeout passes first
   */
  String awaitLine(String prefix, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Stream<String> lines = Files.lines(output)) {
        Optional<String> line = lines.filter(l -> l.startsWith(prefix)).findFirst();
        if (line.isPresent()) {
          return line.get();
        }
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no line starting '" + prefix + "' within " + timeout + "; see " + output);
      }
      Thread.sleep(50);
    }
  }

  /** Waits for the process to end by itself; its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("arm did not finish in " + seconds + " s; see " + output);
    }
    return process.exitValue();
  }

  /** Peak resident set in MiB, as last sampled (VmHWM never decreases). */
  double peakRssMib() {
    return peakRssKib / 1024.0;
  }

  /** The largest heap occupancy any GC saw, before or after collecting, in MiB; -1 if no GC ran. */
  double peakHeapMib() {
    try {
      if (!Files.exists(gcLog)) {
        return -1;
      }
      long peak = -1;
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = GC_HEAP.matcher(line);
        if (m.find()) {
          peak = Math.max(peak, Math.max(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
      }
      return peak;
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close(); // an arm that reads commands ends at the end of them
    } catch (IOException alreadyClosed) {
      // nothing to tell it
    }
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    sampler.join(1000);
  }
}
