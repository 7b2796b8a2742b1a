package io.mediakeep.worker.tracing;

import io.mediakeep.worker.core.AssetLedger;
import io.mediakeep.worker.core.ObjectStore;
import io.mediakeep.worker.core.SourceFetcher;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * OpenTelemetry tracing, configured by the standard {@code OTEL_*} variables. It is on when they
 * name a trace exporter ({@code OTEL_TRACES_EXPORTER} other than {@code none}, or an OTLP endpoint)
 * and {@code OTEL_SDK_DISABLED} is not {@code true}; then each input event gets a consumer span (a
 * child of its {@code ce_traceparent}) with spans for the fetch, the store and the record, exported
 * in batches. Off, it changes nothing: the ports are used as they are and no SDK starts. Metrics
 * and logs stay with Prometheus and the log lines unless {@code OTEL_METRICS_EXPORTER} or {@code
 * OTEL_LOGS_EXPORTER} say otherwise.
 */
public final class Tracing implements AutoCloseable {

  static final String SCOPE = "io.mediakeep.worker";

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracer = (sdk == null ? OpenTelemetry.noop() : sdk).getTracer(SCOPE);
  }

  public static Tracing off() {
    return new Tracing(null);
  }

  /** Tracing as the {@code OTEL_*} variables among {@code env} configure it. */
  public static Tracing from(Map<String, String> env) {
    if (!configured(env)) {
      return off();
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", "mediakeep");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    env.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_")) {
            properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    return new Tracing(
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk());
  }

  static boolean configured(Map<String, String> env) {
    if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").strip())) {
      return false;
    }
    String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "").strip();
    if (!exporter.isEmpty()) {
      return !exporter.equalsIgnoreCase("none");
    }
    return !env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank()
        || !env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isBlank();
  }

  public boolean on() {
    return sdk != null;
  }

  public Tracer tracer() {
    return tracer;
  }

  /** The fetcher with a {@code mediakeep.fetch} span per download, when on. */
  public SourceFetcher fetcher(SourceFetcher fetcher) {
    return on() ? new TracedPorts.Fetcher(fetcher, tracer) : fetcher;
  }

  /** The store with a {@code mediakeep.store} span per upload or copy, when on. */
  public ObjectStore store(ObjectStore store) {
    return on() ? new TracedPorts.Store(store, tracer) : store;
  }

  /** The ledger with a {@code mediakeep.record} span per lookup and write, when on. */
  public AssetLedger ledger(AssetLedger ledger) {
    return on() ? new TracedPorts.Ledger(ledger, tracer) : ledger;
  }

  /** Exports what is still buffered and stops the SDK. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }
}
