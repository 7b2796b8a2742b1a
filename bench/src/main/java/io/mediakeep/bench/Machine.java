package io.mediakeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
record Machine(String cpu, int cores, long memoryMib, String os, String jvm) {

  static Machine describe() {
    String cpu = "unknown";
    long memory = -1;
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
      memory =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal:"))
              .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
              .findFirst()
              .orElse(memory);
    } catch (IOException | RuntimeException notLinux) {
      // described as unknown
    }
    return new Machine(
        cpu,
        Runtime.getRuntime().availableProcessors(),
        memory,
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
  }

  @Override
  public String toString() {
    return cores + " cores (" + cpu + "), " + memoryMib + " MiB, " + os + ", " + jvm;
  }
}
