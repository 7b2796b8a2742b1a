package io.mediakeep.worker.local;

import io.mediakeep.contracts.Topics;
import io.mediakeep.worker.config.Keys;
import io.mediakeep.worker.store.Buckets;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole backing stack on this machine, in this process: a Kafka broker, PostgreSQL and an S3
 * server, with mediakeep's topics, database and buckets. Used by {@code mediakeep local} and by the
 * end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {

  /** Where the servers listen; 0 picks a free port. */
  public record Ports(int kafka, int kafkaController, int postgres, int s3) {
    public static final Ports DEFAULT = new Ports(19092, 19093, 15432, 19000);
    public static final Ports EPHEMERAL = new Ports(0, 0, 0, 0);
  }

  public static final String PROJECT_BUCKET = "mediakeep-project";
  public static final String WORKSPACE_BUCKET = "mediakeep-workspace";
  public static final String LIBRARY_BUCKET = "mediakeep-library";

  private final Deque<AutoCloseable> servers = new ArrayDeque<>();
  private final String kafkaBootstrap;
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedS3 s3;

  private LocalStack(Ports ports, Path dataDir, int partitions, String externalKafka) {
    try {
      postgres =
          own(EmbeddedPostgresServer.start(free(ports.postgres()), dataDir.resolve("postgres")));
      s3 = own(EmbeddedS3.start("127.0.0.1", free(ports.s3()), dataDir.resolve("s3")));
      kafkaBootstrap =
          externalKafka != null
              ? externalKafka
              : own(EmbeddedKafka.start(
                      "127.0.0.1",
                      free(ports.kafka()),
                      free(ports.kafkaController()),
                      dataDir.resolve("kafka")))
                  .bootstrap();
      EmbeddedKafka.createTopics(
          kafkaBootstrap,
          partitions,
          Topics.MEDIA_GENERATED,
          Topics.ASSET_STORED,
          Topics.ASSET_REJECTED,
          Topics.ASSET_COMMANDS,
          Topics.ASSET_LIFECYCLE);
      try (S3Client client = s3Client()) {
        Buckets.ensure(client, PROJECT_BUCKET, WORKSPACE_BUCKET, LIBRARY_BUCKET);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts everything; data lives under {@code dataDir}, so a restart keeps what was stored. */
  public static LocalStack start(Ports ports, Path dataDir, int partitions) {
    return new LocalStack(ports, dataDir, partitions, null);
  }

  /**
   * PostgreSQL and S3 as {@link #start} starts them, with the broker already running at {@code
   * kafkaBootstrap} (the benchmark runs it as a process of its own, to read its CPU apart).
   */
  public static LocalStack withBroker(
      String kafkaBootstrap, Ports ports, Path dataDir, int partitions) {
    return new LocalStack(ports, dataDir, partitions, kafkaBootstrap);
  }

  private <T extends AutoCloseable> T own(T server) {
    servers.push(server);
    return server;
  }

  private static int free(int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl(EmbeddedPostgresServer.DATABASE);
  }

  public URI s3Endpoint() {
    return s3.endpoint();
  }

  public S3Client s3Client() {
    return S3Clients.create(
        new S3Settings(
            s3.endpoint(), "us-east-1", EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY, true),
        32);
  }

  /** The environment a worker needs to use this stack, to lay over the real environment. */
  public Map<String, String> workerEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(Keys.KAFKA_BOOTSTRAP.name(), kafkaBootstrap());
    env.put(Keys.DB_URL.name(), jdbcUrl());
    env.put(Keys.DB_USER.name(), EmbeddedPostgresServer.WORKER_USER);
    env.put(Keys.DB_PASSWORD.name(), EmbeddedPostgresServer.WORKER_PASSWORD);
    env.put(Keys.DB_MIGRATE_USER.name(), EmbeddedPostgresServer.OWNER_USER);
    env.put(Keys.DB_MIGRATE_PASSWORD.name(), EmbeddedPostgresServer.OWNER_PASSWORD);
    env.put(Keys.S3_ENDPOINT.name(), s3Endpoint().toString());
    env.put(Keys.S3_ACCESS_KEY.name(), EmbeddedS3.ACCESS_KEY);
    env.put(Keys.S3_SECRET_KEY.name(), EmbeddedS3.SECRET_KEY);
    env.put(Keys.BUCKET_PROJECT.name(), PROJECT_BUCKET);
    env.put(Keys.BUCKET_WORKSPACE.name(), WORKSPACE_BUCKET);
    env.put(Keys.LIBRARY_BUCKET.name(), LIBRARY_BUCKET);
    return env;
  }

  @Override
  public void close() {
    while (!servers.isEmpty()) {
      try {
        servers.pop().close();
      } catch (Exception e) {
        System.err.println("stopping a local server failed: " + e);
      }
    }
  }
}
