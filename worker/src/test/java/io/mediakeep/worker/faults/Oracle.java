package io.mediakeep.worker.faults;

import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.AssetStored;
import io.mediakeep.contracts.EventCodec;
import io.mediakeep.worker.it.Sha256;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checks, after quiescence and straight at PostgreSQL, S3 and Kafka (never through the fault
 * proxies), that every input came to exactly what it must: one row, one object whose SHA-256 is the
 * source's and one distinct asset-stored event id; or one rejection with the expected reason and
 * one distinct asset-rejected event id; and one current row per scene, the highest version.
 */
final class Oracle {

  /** An input as it landed in the input topic. */
  record Sent(Workload.Input input, int partition, long offset) {}

  private final String jdbcUrl;
  private final S3Client s3;
  private final String bucket;
  private final String bootstrap;
  private final EventCodec codec = new EventCodec();

  Oracle(String jdbcUrl, S3Client s3, String bucket, String bootstrap) {
    this.jdbcUrl = jdbcUrl;
    this.s3 = s3;
    this.bucket = bucket;
    this.bootstrap = bootstrap;
  }

  Verdict judge(
      List<Sent> sent,
      List<UUID> projects,
      List<UUID> owners,
      String inputTopic,
      String storedTopic,
      String rejectedTopic)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    Map<String, List<Row>> rows = rows(projects);
    Map<String, Integer> rejectionRows = rejectionRows(inputTopic);
    Map<String, List<S3Object>> objects = objects(owners);
    Map<String, Set<UUID>> storedIds = new HashMap<>();
    int[] storedCopies = {0};
    read(
        storedTopic,
        (headers, value) -> {
          AssetStored event = codec.decodeStored(headers, value);
          String key =
              event.projectId()
                  + "/"
                  + event.sceneId()
                  + "/v"
                  + event.version()
                  + "-"
                  + event.variant();
          storedIds.computeIfAbsent(key, k -> new HashSet<>()).add(event.eventId());
          storedCopies[0]++;
        });
    Map<String, Set<UUID>> rejectionIds = new HashMap<>();
    int[] rejectionCopies = {0};
    read(
        rejectedTopic,
        (headers, value) -> {
          AssetRejected event = codec.decodeRejected(headers, value);
          if (event.originalTopic().equals(inputTopic)) {
            rejectionIds
                .computeIfAbsent(
                    event.originalPartition() + "@" + event.originalOffset(), k -> new HashSet<>())
                .add(event.eventId());
            rejectionCopies[0]++;
          }
        });

    int lost = 0;
    int duplicated = 0;
    int stored = 0;
    int rejected = 0;
    Set<String> storedKeys = new LinkedHashSet<>();
    for (Sent s : sent) {
      switch (s.input().expect()) {
        case Workload.Expect.Stored expected -> {
          String key = s.input().assetKey();
          if (!storedKeys.add(key)) {
            continue; // the same asset sent again: judged once
          }
          List<Row> found = rows.getOrDefault(key, List.of());
          List<S3Object> objs = objects.getOrDefault(s.input().objectPrefix(), List.of());
          Set<UUID> ids = storedIds.getOrDefault(key, Set.of());
          if (found.isEmpty() || objs.isEmpty() || ids.isEmpty()) {
            lost++;
            problems.add("lost " + key + counts(found, objs, ids));
          } else if (found.size() > 1 || objs.size() > 1 || ids.size() > 1) {
            duplicated++;
            problems.add("duplicated " + key + counts(found, objs, ids));
          } else {
            String actual = sha256(objs.get(0).key());
            if (!expected.sha256().equals(actual)
                || !expected.sha256().equals(found.get(0).sha256)) {
              lost++;
              problems.add("wrong bytes for " + key + ": object sha " + actual);
            } else {
              stored++;
            }
          }
        }
        case Workload.Expect.Rejected expected -> {
          String position = s.partition() + "@" + s.offset();
          Integer rowCount = rejectionRows.get(position + "|" + expected.reason().name());
          Set<UUID> ids = rejectionIds.getOrDefault(position, Set.of());
          if (rowCount == null || ids.isEmpty()) {
            lost++;
            problems.add(
                "rejection of "
                    + position
                    + " ("
                    + expected.reason()
                    + ") missing: row="
                    + rowCount
                    + " ids="
                    + ids.size());
          } else if (ids.size() > 1) {
            duplicated++;
            problems.add("rejection of " + position + " has " + ids.size() + " event ids");
          } else {
            rejected++;
          }
        }
      }
    }
    for (String key : rows.keySet()) {
      if (!storedKeys.contains(key)) {
        problems.add("unexpected row " + key);
      }
    }
    int redelivered =
        storedCopies[0]
            - storedIds.values().stream().mapToInt(Set::size).sum()
            + rejectionCopies[0]
            - rejectionIds.values().stream().mapToInt(Set::size).sum();
    int currentViolations = currentViolations(rows);
    if (currentViolations > 0) {
      problems.add(
          currentViolations + " scenes without exactly one current row at the highest version");
    }
    return new Verdict(
        sent.size(),
        stored,
        rejected,
        lost,
        duplicated,
        redelivered,
        currentViolations,
        problems.size() > 20 ? List.copyOf(problems.subList(0, 20)) : List.copyOf(problems));
  }

  private static String counts(List<?> rows, List<?> objects, Set<?> ids) {
    return ": rows=" + rows.size() + " objects=" + objects.size() + " ids=" + ids.size();
  }

  private record Row(String scene, int version, String sha256, boolean current) {}

  private Map<String, List<Row>> rows(List<UUID> projects) throws SQLException {
    Map<String, List<Row>> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "mediakeep", "mediakeep");
        PreparedStatement q =
            c.prepareStatement(
                "select project_id, scene_id, version, variant, sha256, is_current from assets"
                    + " where project_id = any(?)")) {
      Array array = c.createArrayOf("uuid", projects.toArray());
      q.setArray(1, array);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          String key =
              r.getObject(1) + "/" + r.getString(2) + "/v" + r.getInt(3) + "-" + r.getInt(4);
          rows.computeIfAbsent(key, k -> new ArrayList<>())
              .add(
                  new Row(
                      r.getObject(1) + "/" + r.getString(2) + "/" + r.getInt(4),
                      r.getInt(3),
                      r.getString(5),
                      r.getBoolean(6)));
        }
      }
    }
    return rows;
  }

  private static int currentViolations(Map<String, List<Row>> rows) {
    Map<String, List<Row>> scenes = new HashMap<>();
    rows.values()
        .forEach(
            list ->
                list.forEach(r -> scenes.computeIfAbsent(r.scene, k -> new ArrayList<>()).add(r)));
    int violations = 0;
    for (List<Row> scene : scenes.values()) {
      int highest = scene.stream().mapToInt(Row::version).max().orElse(0);
      List<Row> current = scene.stream().filter(Row::current).toList();
      if (current.size() != 1 || current.get(0).version() != highest) {
        violations++;
      }
    }
    return violations;
  }

  private Map<String, Integer> rejectionRows(String inputTopic) throws SQLException {
    Map<String, Integer> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "mediakeep", "mediakeep");
        PreparedStatement q =
            c.prepareStatement(
                "select source_partition, source_offset, reason from asset_rejections"
                    + " where source_topic = ?")) {
      q.setString(1, inputTopic);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          rows.merge(r.getInt(1) + "@" + r.getLong(2) + "|" + r.getString(3), 1, Integer::sum);
        }
      }
    }
    return rows;
  }

  private Map<String, List<S3Object>> objects(List<UUID> owners) {
    Map<String, List<S3Object>> objects = new HashMap<>();
    for (UUID owner : owners) {
      s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(owner + "/"))
          .contents()
          .forEach(
              o -> {
                // {owner}/{project}/{scene}/v{version}-{variant}-{sha16}.{ext}
                String key = o.key();
                String prefix = key.substring(0, key.lastIndexOf('-') + 1);
                objects.computeIfAbsent(prefix, k -> new ArrayList<>()).add(o);
              });
    }
    return objects;
  }

  private String sha256(String key) {
    return Sha256.hex(
        s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray());
  }

  private interface Each {
    void accept(Map<String, byte[]> headers, byte[] value) throws Exception;
  }

  private void read(String topic, Each each) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          Map<String, byte[]> headers = new HashMap<>();
          for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
          }
          try {
            each.accept(headers, record.value());
          } catch (Exception e) {
            throw new IllegalStateException(
                "an output in " + topic + " does not decode: " + e.getMessage(), e);
          }
        }
      }
    }
  }
}
