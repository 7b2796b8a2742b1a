package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.local.SampleImages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 404 source, an oversized file, an HTML page served as image/png and a record that is not JSON
 * each end as an asset-rejected event with the right reason, kept in asset_rejections, and the
 * partition keeps moving: a good event behind them on the same partition is stored.
 */
class RejectionsIT {

  private Pipeline pipeline;

  @BeforeEach
  void start() throws Exception {
    pipeline = new Pipeline(Map.of("MEDIAKEEP_MAX_IMAGE_BYTES", "1MiB")).startWorker();
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void badInputIsRejectedWithItsReasonAndThePartitionMovesOn() throws Exception {
    UUID project = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    var source = pipeline.source;
    source.status("/gone.png", 404);
    source.serve("/huge.png", "image/png", oversizedPng());
    source.serve(
        "/page.png",
        "image/png",
        "<!DOCTYPE html><html><body>Not an image</body></html>".getBytes(StandardCharsets.UTF_8));
    source.serve("/good.png", "image/png", SampleImages.png(7));

    Map<String, RejectReason> expected = new HashMap<>();
    expected.put(
        publish(project, owner, "gone", source.url("/gone.png")), RejectReason.SOURCE_NOT_FOUND);
    expected.put(publish(project, owner, "huge", source.url("/huge.png")), RejectReason.TOO_LARGE);
    expected.put(
        publish(project, owner, "page", source.url("/page.png")), RejectReason.UNSUPPORTED_MEDIA);
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_id", "not-json-1".getBytes(StandardCharsets.UTF_8));
    byte[] garbage = "this is {not json".getBytes(StandardCharsets.UTF_8);
    pipeline.send(project.toString(), headers, garbage);
    expected.put("not-json-1", RejectReason.INVALID_EVENT);
    RecordHeaders bigHeaders = new RecordHeaders();
    bigHeaders.add("ce_id", "big-garbage".getBytes(StandardCharsets.UTF_8));
    byte[] bigGarbage = new byte[900_000];
    java.util.Arrays.fill(bigGarbage, (byte) 'x');
    pipeline.send(project.toString(), bigHeaders, bigGarbage);
    expected.put("big-garbage", RejectReason.INVALID_EVENT);
    String good = publish(project, owner, "good", source.url("/good.png"));
    pipeline.flush();

    List<Pipeline.Output> rejected =
        pipeline.await(5, o -> o.rejected() != null, Duration.ofMinutes(1));
    Map<String, AssetRejected> byId = new HashMap<>();
    rejected.forEach(o -> byId.put(o.rejected().causationId(), o.rejected()));
    expected.forEach(
        (id, reason) -> {
          assertThat(byId).containsKey(id);
          AssetRejected r = byId.get(id);
          assertThat(r.reason()).as("reason of %s", id).isEqualTo(reason);
          assertThat(r.detail()).isNotBlank();
          assertThat(r.originalTopic()).isEqualTo(pipeline.inputTopic);
        });
    AssetRejected notJson = byId.get("not-json-1");
    assertThat(notJson.input()).isNull();
    assertThat(Base64.getDecoder().decode(notJson.rawData())).isEqualTo(garbage);
    AssetRejected big = byId.get("big-garbage");
    assertThat(Base64.getDecoder().decode(big.rawData())).hasSize(256 * 1024);
    assertThat(big.detail()).contains("first 262144 of 900000 bytes");
    assertThat(
            byId.get(
                    expected.keySet().stream()
                        .filter(k -> expected.get(k) == RejectReason.TOO_LARGE)
                        .findFirst()
                        .orElseThrow())
                .detail())
        .contains("1048576");

    pipeline.await(
        1, o -> o.stored() != null && o.stored().causationId().equals(good), Duration.ofMinutes(1));
    pipeline.awaitCommittedToEnd();
    assertThat(rejectionRows(project)).containsOnlyKeys("gone", "huge", "page");
    assertThat(rejectionRows(project).values())
        .containsExactlyInAnyOrder("SOURCE_NOT_FOUND", "TOO_LARGE", "UNSUPPORTED_MEDIA");
    assertThat(invalidEventRawSizes()).containsExactlyInAnyOrder(garbage.length, bigGarbage.length);
    assertThat(
            metric(
                "mediakeep_events_total{media_type=\"unknown\",outcome=\"rejected\",reason=\"INVALID_EVENT\""))
        .isEqualTo(2.0);
  }

  private String publish(UUID project, UUID owner, String scene, String url) {
    String id = UUID.randomUUID().toString();
    pipeline.publish(id, Events.image(project, owner, scene, 1, url), MediaKind.IMAGE);
    return id;
  }

  /** A real PNG header followed by 2 MiB of padding: the type is right, the size is not. */
  private static byte[] oversizedPng() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(SampleImages.png(1));
    out.writeBytes(new byte[2 * 1024 * 1024]);
    return out.toByteArray();
  }

  private Map<String, String> rejectionRows(UUID project) throws Exception {
    Map<String, String> rows = new HashMap<>();
    try (Connection db = pipeline.db();
        PreparedStatement q =
            db.prepareStatement(
                "select scene_id, reason from asset_rejections where project_id = ? and source_topic = ?")) {
      q.setObject(1, project);
      q.setString(2, pipeline.inputTopic);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return rows;
  }

  private List<Integer> invalidEventRawSizes() throws Exception {
    List<Integer> sizes = new java.util.ArrayList<>();
    try (Connection db = pipeline.db();
        PreparedStatement q =
            db.prepareStatement(
                "select length(raw_value) from asset_rejections where source_topic = ? and reason = 'INVALID_EVENT'")) {
      q.setString(1, pipeline.inputTopic);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          sizes.add(rs.getInt(1));
        }
      }
    }
    return sizes;
  }

  private double metric(String prefix) {
    return pipeline
        .worker()
        .registry()
        .scrape()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
