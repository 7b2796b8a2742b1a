package io.mediakeep.bench.arms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The seed flow, the design the original notes used, written plainly: one event at a time, download
 * the whole file into memory, upload it, insert the row, publish, commit, next.
 */
public final class SeedFlowArm {

  private SeedFlowArm() {}

  public static void main(String[] args) throws Exception {
    ArmSettings settings = ArmSettings.fromEnv(System.getenv());
    ObjectMapper json = new ObjectMapper();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread main = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.set(false);
                  try {
                    main.join(10_000);
                  } catch (InterruptedException ignored) {
                    // exiting anyway
                  }
                }));
    HttpClient http = HttpClient.newHttpClient();
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    settings.kafkaBootstrap(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    settings.group(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class));
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        S3Client s3 =
            S3Client.builder()
                .endpointOverride(settings.s3Endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.s3AccessKey(), settings.s3SecretKey())))
                .build();
        Connection db =
            DriverManager.getConnection(
                settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO assets (id, owner_id, project_id, scene_id, version, media_type,"
                    + " retention, bucket, object_key, content_type, size_bytes, sha256,"
                    + " source_url, source_event_id) VALUES (?, ?::uuid, ?::uuid, ?, ?, 'image',"
                    + " 'project', ?, ?, 'image/png', ?, ?, ?, ?)")) {
      consumer.subscribe(List.of(settings.inputTopic()));
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          JsonNode data = json.readTree(record.value());
          String owner = data.get("ownerId").asText();
          String project = data.get("projectId").asText();
          String scene = data.get("sceneId").asText();
          int version = data.get("version").asInt();
          String url = data.get("sourceUrl").asText();
          byte[] body =
              http.send(
                      HttpRequest.newBuilder(URI.create(url)).build(),
                      HttpResponse.BodyHandlers.ofByteArray())
                  .body();
          String sha256 =
              HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
          String key = owner + "/" + project + "/" + scene + "/v" + version + ".png";
          s3.putObject(p -> p.bucket(settings.bucket()).key(key), RequestBody.fromBytes(body));
          insert.setObject(1, UUID.randomUUID());
          insert.setString(2, owner);
          insert.setString(3, project);
          insert.setString(4, scene);
          insert.setInt(5, version);
          insert.setString(6, settings.bucket());
          insert.setString(7, key);
          insert.setLong(8, body.length);
          insert.setString(9, sha256);
          insert.setString(10, url);
          insert.setString(11, header(record, "ce_id"));
          insert.executeUpdate();
          String stored =
              json.writeValueAsString(
                  Map.of(
                      "projectId", project,
                      "sceneId", scene,
                      "version", version,
                      "objectKey", key,
                      "sha256", sha256));
          producer
              .send(
                  new ProducerRecord<>(
                      settings.outputTopic(),
                      project.getBytes(StandardCharsets.UTF_8),
                      stored.getBytes(StandardCharsets.UTF_8)))
              .get();
          consumer.commitSync(
              Map.of(
                  new TopicPartition(record.topic(), record.partition()),
                  new OffsetAndMetadata(record.offset() + 1)));
        }
      }
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
