package io.mediakeep.worker.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.local.LocalStack;
import io.mediakeep.worker.local.SampleImages;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Records written to escape the owner's prefix or to jam the pipeline, all on one partition and
 * followed by a good event: each is rejected as INVALID_EVENT with its bytes kept in
 * asset_rejections, the good event behind them is stored, and no object in either bucket lies
 * outside an {@code {ownerId}/} prefix.
 */
class HostileEventsIT {

  private static final String SAFE_KEY =
      "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/"
          + "[A-Za-z0-9_-]{1,64}/v[0-9]+-[0-9]+-[0-9a-f]{16}\\.[a-z0-9]+";

  private Pipeline pipeline;
  private final UUID project = UUID.randomUUID();
  private final UUID owner = UUID.randomUUID();

  /** What was sent, in partition order. */
  private record Sent(String name, byte[] value, String expectedDetail) {}

  private final List<Sent> sent = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    pipeline = new Pipeline(Map.of()).startWorker();
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void hostileRecordsAreRejectedWithTheirBytesAndNothingLandsOutsideAnOwnersPrefix()
      throws Exception {
    pipeline.source.serve("/hostile.png", "image/png", SampleImages.png(3));
    pipeline.source.serve("/good.png", "image/png", SampleImages.png(4));
    String url = pipeline.source.url("/hostile.png");

    data("sceneId ../../x", url, json -> json.replace("\"SCENE\"", "\"../../x\""), "$.sceneId");
    data("sceneId a\\\\b", url, json -> json.replace("\"SCENE\"", "\"a\\\\b\""), "$.sceneId");
    data("sceneId a%2Fb", url, json -> json.replace("\"SCENE\"", "\"a%2Fb\""), "$.sceneId");
    data(
        "sceneId with fullwidth dots",
        url,
        json -> json.replace("\"SCENE\"", "\"\uff0e\uff0e\""),
        "$.sceneId");
    data(
        "ownerId ../..",
        url,
        json -> json.replace(owner.toString(), "../../" + UUID.randomUUID()),
        "$.ownerId");
    data(
        "projectId with NUL",
        url,
        json -> json.replace(project.toString(), project + "\\u0000"),
        "$.projectId");
    data(
        "prompt with NUL",
        url,
        json -> json.replace("a test image", "a test\\u0000image"),
        "$.generation.prompt: contains U+0000");
    encoded("UTF-16", url, StandardCharsets.UTF_16LE, "UTF-16 or UTF-32");
    data(
        "100k levels of nesting",
        url,
        json ->
            json.replace("\"steps\":30", "\"steps\":" + "[".repeat(100_000) + "]".repeat(100_000)),
        "nesting depth");
    data("trailing garbage", url, json -> json + "{}", "data is not valid JSON");
    data(
        "duplicate ownerId",
        url,
        json -> json.replaceFirst("\\{", "{\"ownerId\":\"" + UUID.randomUUID() + "\","),
        "Duplicate field 'ownerId'");
    headers(
        "ce_id with NUL and a header that is all NUL",
        url,
        h -> {
          h.put("ce_id", "id\u0000../x".getBytes(UTF_8));
          h.put("x-\u0000", new byte[] {0, 0});
        },
        "ce_id header");
    headers(
        "ce_type with NUL",
        url,
        h -> h.put("ce_type", "media.image.generated\u0000".getBytes(UTF_8)),
        "ce_type is");
    headers(
        "ce_specversion 2.0",
        url,
        h -> h.put("ce_specversion", "2.0".getBytes(UTF_8)),
        "ce_specversion is '2.0'");
    KafkaMessage twice = valid(url);
    RecordHeaders repeated = new RecordHeaders();
    twice.headers().forEach(repeated::add);
    repeated.add("ce_id", UUID.randomUUID().toString().getBytes(UTF_8));
    pipeline.send(project.toString(), repeated, twice.value());
    sent.add(new Sent("ce_id twice", twice.value(), "header ce_id appears more than once"));
    String good = UUID.randomUUID().toString();
    pipeline.publish(
        good,
        Events.image(project, owner, "good", 1, pipeline.source.url("/good.png")),
        MediaKind.IMAGE);
    pipeline.flush();

    List<Pipeline.Output> rejected =
        pipeline.await(sent.size(), o -> o.rejected() != null, Duration.ofMinutes(1));
    Map<Long, AssetRejected> byOffset = new HashMap<>();
    rejected.forEach(o -> byOffset.put(o.rejected().originalOffset(), o.rejected()));
    Map<Long, byte[]> rows = rawValues();
    for (int offset = 0; offset < sent.size(); offset++) {
      Sent hostile = sent.get(offset);
      AssetRejected rejection = byOffset.get((long) offset);
      assertThat(rejection).as(hostile.name()).isNotNull();
      assertThat(rejection.reason()).as(hostile.name()).isEqualTo(RejectReason.INVALID_EVENT);
      assertThat(rejection.detail()).as(hostile.name()).contains(hostile.expectedDetail());
      assertThat(rows.get((long) offset))
          .as("raw bytes of %s", hostile.name())
          .isEqualTo(hostile.value());
    }
    assertThat(eventIdsOfNulCeIds()).containsExactly("id\uFFFD../x");
    var stored =
        pipeline
            .await(
                1,
                o -> o.stored() != null && o.stored().causationId().equals(good),
                Duration.ofMinutes(1))
            .getFirst()
            .stored();
    assertThat(stored.objectKey()).startsWith(owner + "/" + project + "/good/");
    pipeline.awaitCommittedToEnd();

    try (S3Client s3 = pipeline.stack.s3Client()) {
      List<String> keys = new ArrayList<>();
      for (String bucket : List.of(LocalStack.PROJECT_BUCKET, LocalStack.WORKSPACE_BUCKET)) {
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
            .map(S3Object::key)
            .forEach(keys::add);
      }
      assertThat(keys).isNotEmpty().allMatch(key -> key.matches(SAFE_KEY), "a safe key");
      assertThat(keys.stream().filter(key -> key.contains(project.toString())))
          .containsExactly(stored.objectKey());
    }
  }

  private void data(String name, String url, UnaryOperator<String> change, String detail) {
    KafkaMessage message = valid(url);
    send(name, message.headers(), change.apply(json(message)).getBytes(UTF_8), detail);
  }

  private void encoded(String name, String url, Charset charset, String detail) {
    KafkaMessage message = valid(url);
    send(name, message.headers(), json(message).getBytes(charset), detail);
  }

  private static String json(KafkaMessage message) {
    return new String(message.value(), UTF_8);
  }

  private void headers(
      String name, String url, Consumer<Map<String, byte[]>> change, String detail) {
    KafkaMessage message = valid(url);
    Map<String, byte[]> headers = new LinkedHashMap<>(message.headers());
    change.accept(headers);
    send(name, headers, message.value(), detail);
  }

  private KafkaMessage valid(String url) {
    return pipeline.codec.encodeGenerated(
        UUID.randomUUID().toString(),
        "/test",
        MediaKind.IMAGE,
        Events.image(project, owner, "SCENE", 1, url),
        Instant.now());
  }

  private void send(String name, Map<String, byte[]> headers, byte[] value, String detail) {
    RecordHeaders record = new RecordHeaders();
    headers.forEach(record::add);
    pipeline.send(project.toString(), record, value);
    sent.add(new Sent(name, value, detail));
  }

  /** The event_id column where the ce_id had a NUL, which PostgreSQL text cannot hold. */
  private List<String> eventIdsOfNulCeIds() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection db = pipeline.db();
        PreparedStatement q =
            db.prepareStatement(
                "select event_id from asset_rejections where source_topic = ?"
                    + " and (raw_headers ->> 'x-\uFFFD') is not null")) {
      q.setString(1, pipeline.inputTopic);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /** raw_value of every rejection of this test's input topic, by offset. */
  private Map<Long, byte[]> rawValues() throws Exception {
    Map<Long, byte[]> rows = new HashMap<>();
    try (Connection db = pipeline.db();
        PreparedStatement q =
            db.prepareStatement(
                "select source_offset, raw_value from asset_rejections where source_topic = ?"
                    + " and reason = 'INVALID_EVENT'")) {
      q.setString(1, pipeline.inputTopic);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getLong(1), rs.getBytes(2));
        }
      }
    }
    return rows;
  }
}
