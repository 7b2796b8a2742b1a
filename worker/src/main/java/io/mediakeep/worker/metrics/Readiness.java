package io.mediakeep.worker.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Checks the dependencies in the background every few seconds, so /health/ready answers at once and
 * a slow dependency cannot make the probe itself time out.
 */
public final class Readiness implements AutoCloseable {

  /** The last result of every check. */
  public record Report(boolean ready, Map<String, Boolean> checks) {
    String toJson() {
      StringBuilder json = new StringBuilder("{\"status\":\"" + (ready ? "UP" : "DOWN") + "\"");
      json.append(",\"checks\":{");
      String sep = "";
      for (var check : checks.entrySet()) {
        json.append(sep).append('"').append(check.getKey()).append("\":\"");
        json.append(check.getValue() ? "UP" : "DOWN").append('"');
        sep = ",";
      }
      return json.append("}}").toString();
    }
  }

  private final Map<String, BooleanSupplier> checks;
  private static final Duration CHECK_TIMEOUT = Duration.ofMillis(1500);

  private final ScheduledExecutorService scheduler;
  private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Report last;

  public Readiness(Map<String, BooleanSupplier> checks, long periodMillis) {
    this.checks = new LinkedHashMap<>(checks);
    Map<String, Boolean> initial = new LinkedHashMap<>();
    checks.keySet().forEach(name -> initial.put(name, false));
    this.last = new Report(false, initial);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("readiness").factory());
    scheduler.scheduleWithFixedDelay(this::refresh, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void refresh() {
    // All checks at once, each given a short time: a dependency that is down often fails by
    // hanging (a pool waiting for a connection), and that must read as DOWN now, not later.
    Map<String, CompletableFuture<Boolean>> running = new LinkedHashMap<>();
    for (var check : checks.entrySet()) {
      running.put(
          check.getKey(),
          CompletableFuture.supplyAsync(check.getValue()::getAsBoolean, probes)
              .completeOnTimeout(false, CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .exceptionally(failure -> false));
    }
    Map<String, Boolean> results = new LinkedHashMap<>();
    running.forEach((name, result) -> results.put(name, result.join()));
    last = new Report(results.values().stream().allMatch(Boolean::booleanValue), results);
  }

  public Report report() {
    return last;
  }

  public boolean ready() {
    return last.ready();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    probes.shutdownNow();
  }
}
