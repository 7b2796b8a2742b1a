package io.mediakeep.bench;

import io.mediakeep.bench.arms.Compilers;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used so far, read from /proc: by the arm processes, by this JVM (which hosts the S3
 * server, the image source and the clients that publish the events and read the outputs), by the
 * Kafka broker's process and by every PostgreSQL process. The difference of two readings says who
 * spent the machine's cores during a run. {@code armsJit} is the part of {@code arms} spent in the
 * arms' JIT compiler threads: a JVM still compiling its hot code spends cores it will not spend
 * once warm.
 */
record Cpu(double arms, double harness, double broker, double postgres, double armsJit) {

  static Cpu read(List<ArmProcess> processes, long brokerPid) {
    double arms = processes.stream().mapToDouble(p -> seconds(p.pid())).sum();
    double jit = processes.stream().mapToDouble(p -> Compilers.seconds(p.pid())).sum();
    return new Cpu(
        arms, seconds(ProcessHandle.current().pid()), seconds(brokerPid), postgresSeconds(), jit);
  }

  Cpu minus(Cpu before) {
    return new Cpu(
        arms - before.arms,
        harness - before.harness,
        broker - before.broker,
        postgres - before.postgres,
        armsJit - before.armsJit);
  }

  double total() {
    return arms + harness + broker + postgres;
  }

  private static double postgresSeconds() {
    double total = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          if (Files.readString(proc.resolve("comm")).trim().equals("postgres")) {
            total += seconds(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException notLinux) {
      return 0;
    }
    return total;
  }

  /** utime + stime of one process, in seconds; 0 when it is gone. */
  private static double seconds(long pid) {
    try {
      return Compilers.statSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }
}
