package io.mediakeep.worker.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
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
  private final ScheduledExecutorService scheduler;
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
    Map<String, Boolean> results = new LinkedHashMap<>();
    for (var check : checks.entrySet()) {
      boolean up;
      try {
        up = check.getValue().getAsBoolean();
      } catch (RuntimeException e) {
        up = false;
      }
      results.put(check.getKey(), up);
    }
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
  }
}
