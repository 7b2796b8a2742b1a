package io.mediakeep.bench.arms;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a JVM has spent in its JIT compiler threads ({@code C1 CompilerThre}, {@code C2
 * CompilerThre} in /proc), so that a run can say how much of an arm's CPU was still compiling
 * rather than handling events.
 */
public final class Compilers {

  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private Compilers() {}

  /** utime + stime, in seconds, of a /proc {@code stat} line of a process or a thread. */
  public static double statSeconds(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  /** utime + stime of the process's compiler threads, in seconds; 0 when it is gone. */
  public static double seconds(long pid) {
    double total = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            total += statSeconds(stat);
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended while we looked
        }
      }
    } catch (IOException gone) {
      return 0;
    }
    return total;
  }
}
