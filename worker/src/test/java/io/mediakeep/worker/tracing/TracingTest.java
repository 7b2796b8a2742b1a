package io.mediakeep.worker.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.worker.core.SourceFetcher;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {

  @Test
  void onlyAConfiguredTraceExporterTurnsTracingOn() {
    assertThat(Tracing.configured(Map.of())).isFalse();
    assertThat(Tracing.configured(Map.of("OTEL_SERVICE_NAME", "mediakeep"))).isFalse();
    assertThat(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "none"))).isFalse();
    assertThat(Tracing.configured(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
    assertThat(Tracing.configured(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")))
        .isTrue();
    assertThat(
            Tracing.configured(
                Map.of(
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces",
                    "OTEL_SDK_DISABLED", "true")))
        .isFalse();
  }

  @Test
  void offChangesNothing() {
    SourceFetcher fetcher = (url, kind, provider) -> null;
    try (Tracing tracing = Tracing.from(Map.of())) {
      assertThat(tracing.on()).isFalse();
      assertThat(tracing.fetcher(fetcher)).isSameAs(fetcher);
    }
  }
}
