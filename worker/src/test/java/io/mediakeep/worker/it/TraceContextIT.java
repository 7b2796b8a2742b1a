package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.PromoteAsset;
import io.mediakeep.contracts.TraceParent;
import io.mediakeep.worker.local.SampleImages;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One generated image followed by its trace: the input's traceparent is continued on the
 * asset-stored, asset-rejected and lifecycle events, in the same trace with parents of their own.
 */
class TraceContextIT {

  private static final String STORED_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String REJECTED_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String COMMAND_TRACE = "5b8aa5a2d2c872e8321cf37308d69df2";

  private static String traceparent(String traceId) {
    return "00-" + traceId + "-b7ad6b7169203331-01";
  }

  @Test
  void aTraceparentInIsTheSameTraceOnEveryEventOut() throws Exception {
    try (Pipeline pipeline = new Pipeline(Map.of()).startWorker()) {
      UUID owner = UUID.randomUUID();
      UUID project = UUID.randomUUID();
      pipeline.source.serve("/t.png", "image/png", SampleImages.png(7));
      pipeline.source.status("/gone.png", 404);
      pipeline.publish(
          UUID.randomUUID().toString(),
          Events.image(project, owner, "s1", 1, pipeline.source.url("/t.png")),
          MediaKind.IMAGE,
          Instant.now(),
          Map.of(TraceParent.CE_HEADER, traceparent(STORED_TRACE)));
      // A producer instrumented by OpenTelemetry sends the plain W3C header.
      pipeline.publish(
          UUID.randomUUID().toString(),
          Events.image(project, owner, "s2", 1, pipeline.source.url("/gone.png")),
          MediaKind.IMAGE,
          Instant.now(),
          Map.of(TraceParent.W3C_HEADER, traceparent(REJECTED_TRACE)));
      pipeline.publish(
          Events.image(project, owner, "s3", 1, pipeline.source.url("/t.png")), MediaKind.IMAGE);
      pipeline.flush();

      Pipeline.Output stored =
          pipeline
              .await(
                  1,
                  o -> o.stored() != null && o.stored().sceneId().equals("s1"),
                  Duration.ofMinutes(1))
              .getFirst();
      Pipeline.Output rejected =
          pipeline.await(1, o -> o.rejected() != null, Duration.ofMinutes(1)).getFirst();
      Pipeline.Output untraced =
          pipeline
              .await(
                  1,
                  o -> o.stored() != null && o.stored().sceneId().equals("s3"),
                  Duration.ofMinutes(1))
              .getFirst();

      assertContinues(stored, STORED_TRACE);
      assertContinues(rejected, REJECTED_TRACE);
      assertThat(untraced.headers())
          .as("no trace in, none made up")
          .doesNotContainKeys(TraceParent.CE_HEADER, TraceParent.W3C_HEADER);

      String promote =
          pipeline.command(
              new PromoteAsset(stored.stored().assetId(), owner, "kept", null),
              Map.of(TraceParent.CE_HEADER, traceparent(COMMAND_TRACE)));
      Pipeline.Output promoted =
          pipeline.await(1, o -> o.answers(promote), Duration.ofSeconds(30)).getFirst();
      assertContinues(promoted, COMMAND_TRACE);
    }
  }

  private static void assertContinues(Pipeline.Output output, String traceId) {
    TraceParent out = TraceParent.parse(output.headers().get(TraceParent.CE_HEADER)).orElseThrow();
    assertThat(out.traceId()).isEqualTo(traceId);
    assertThat(out.parentId()).as("a span of its own").isNotEqualTo("b7ad6b7169203331");
    assertThat(out.flags()).isEqualTo("01");
    assertThat(output.headers().get(TraceParent.W3C_HEADER)).isEqualTo(out.value());
  }
}
