package io.mediakeep.worker.it;

import static io.mediakeep.worker.kafka.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.TraceParent;
import io.mediakeep.worker.local.SampleImages;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With the standard OTEL_* variables pointing at an OTLP receiver (here a loopback one that keeps
 * what it is sent), the worker exports a span for the event and spans for its fetch, store and
 * record, in the trace of the event's ce_traceparent; the asset-stored event names the event's span
 * as its parent, so the video worker's spans join the same trace.
 */
class OpenTelemetryIT {

  private static final String TRACE = "8d2c1f4a9b7e6d5c4b3a29180f1e2d3c";
  private static final String GENERATOR_SPAN = "a1b2c3d4e5f60718";

  @Test
  void spansOfOneEventAreExportedInItsTrace() throws Exception {
    ByteArrayOutputStream exported = new ByteArrayOutputStream();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (exported) {
            exported.writeBytes(body);
          }
          exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort();
    try (Pipeline pipeline =
        new Pipeline(
                Map.of(
                    "OTEL_TRACES_EXPORTER", "otlp",
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                    "OTEL_BSP_SCHEDULE_DELAY", "100"))
            .startWorker()) {
      pipeline.source.serve("/o.png", "image/png", SampleImages.png(11));
      pipeline.publish(
          UUID.randomUUID().toString(),
          Events.image(
              UUID.randomUUID(), UUID.randomUUID(), "s1", 1, pipeline.source.url("/o.png")),
          MediaKind.IMAGE,
          Instant.now(),
          Map.of(TraceParent.CE_HEADER, "00-" + TRACE + "-" + GENERATOR_SPAN + "-01"));
      pipeline.flush();
      Pipeline.Output stored =
          pipeline.await(1, o -> o.stored() != null, Duration.ofMinutes(1)).getFirst();

      TraceParent out =
          TraceParent.parse(stored.headers().get(TraceParent.CE_HEADER)).orElseThrow();
      assertThat(out.traceId()).isEqualTo(TRACE);
      byte[] trace = HexFormat.of().parseHex(TRACE);
      byte[] eventSpan = HexFormat.of().parseHex(out.parentId());
      await(
          () -> {
            String body;
            synchronized (exported) {
              body = exported.toString(StandardCharsets.ISO_8859_1);
            }
            // OTLP protobuf carries ids as raw bytes and names as UTF-8 strings.
            return body.contains(latin1(trace))
                && body.contains(latin1(eventSpan))
                && body.contains(latin1(HexFormat.of().parseHex(GENERATOR_SPAN)))
                && body.contains("mediakeep.process")
                && body.contains("mediakeep.fetch")
                && body.contains("mediakeep.store")
                && body.contains("mediakeep.record");
          },
          "the event's spans, with the trace id, the generator's span as parent and the span the"
              + " asset-stored event names");
    } finally {
      receiver.stop(0);
    }
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
