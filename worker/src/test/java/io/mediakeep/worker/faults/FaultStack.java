package io.mediakeep.worker.faults;

import io.mediakeep.worker.local.EmbeddedPostgresServer;
import io.mediakeep.worker.local.EmbeddedS3;
import io.mediakeep.worker.store.Buckets;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real parts the fault scenarios of one JVM share: a Kafka broker in its own process,
 * PostgreSQL (its own process, stoppable and restartable on the same data) behind a TCP proxy that
 * can cut and reset, s3proxy behind an HTTP proxy that answers SlowDown and InternalError, and a
 * source server that misbehaves on command. Workers reach PostgreSQL and S3 only through the
 * proxies; the oracle goes around them.
 */
final class FaultStack {

  static final String BUCKET = "mediakeep-project";
  private static FaultStack shared;

  final Path dir;
  final KafkaProcess kafka;
  final TcpProxy postgresProxy;
  final EmbeddedS3 s3;
  final S3FaultProxy s3Proxy;
  final FaultySource source;
  final S3Client s3Client;
  private final int postgresPort;
  private EmbeddedPostgresServer postgres;

  private FaultStack(Path dir) throws IOException {
    this.dir = dir;
    kafka = new KafkaProcess(dir.resolve("kafka"));
    kafka.start();
    postgresPort = Sockets.freePort();
    postgres = EmbeddedPostgresServer.start(postgresPort, dir.resolve("postgres"));
    postgresProxy = TcpProxy.to(postgresPort);
    int s3Port = Sockets.freePort();
    s3 = EmbeddedS3.start("127.0.0.1", s3Port, dir.resolve("s3"));
    s3Proxy = S3FaultProxy.to(s3Port, 42);
    source = FaultySource.start(7);
    s3Client =
        S3Clients.create(
            new S3Settings(
                s3.endpoint(), "us-east-1", EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY, true),
            16);
    Buckets.ensure(s3Client, BUCKET, "mediakeep-workspace");
  }

  static synchronized FaultStack get() {
    if (shared == null) {
      try {
        shared = new FaultStack(Files.createTempDirectory("mediakeep-faults-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Stops PostgreSQL (fast shutdown); its data stays for {@link #startPostgres()}. */
  void stopPostgres() {
    postgres.close();
    postgres = null;
  }

  void startPostgres() {
    postgres = EmbeddedPostgresServer.start(postgresPort, dir.resolve("postgres"));
  }

  String directJdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/mediakeep";
  }

  Oracle oracle() {
    return new Oracle(directJdbcUrl(), s3Client, BUCKET, kafka.bootstrap());
  }

  /** Configuration every worker of the harness shares, as environment variables. */
  Map<String, String> workerEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("MEDIAKEEP_KAFKA_BOOTSTRAP", kafka.bootstrap());
    env.put(
        "MEDIAKEEP_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgresProxy.port() + "/mediakeep");
    env.put("MEDIAKEEP_DB_USER", EmbeddedPostgresServer.WORKER_USER);
    env.put("MEDIAKEEP_DB_PASSWORD", EmbeddedPostgresServer.WORKER_PASSWORD);
    env.put("MEDIAKEEP_DB_MIGRATE_USER", EmbeddedPostgresServer.OWNER_USER);
    env.put("MEDIAKEEP_DB_MIGRATE_PASSWORD", EmbeddedPostgresServer.OWNER_PASSWORD);
    env.put("MEDIAKEEP_DB_POOL_SIZE", "8");
    env.put("MEDIAKEEP_S3_ENDPOINT", s3Proxy.endpoint().toString());
    env.put("MEDIAKEEP_S3_ACCESS_KEY", EmbeddedS3.ACCESS_KEY);
    env.put("MEDIAKEEP_S3_SECRET_KEY", EmbeddedS3.SECRET_KEY);
    env.put("MEDIAKEEP_FETCH_SCHEMES", "http");
    env.put("MEDIAKEEP_FETCH_ALLOW", source.allowEntry());
    env.put("MEDIAKEEP_KAFKA_SESSION_TIMEOUT", "10s");
    env.put("MEDIAKEEP_SHUTDOWN_TIMEOUT", "10s");
    env.put("MEDIAKEEP_COMMIT_INTERVAL", "500ms");
    env.put("MEDIAKEEP_MAX_IN_FLIGHT", "64");
    env.put("MEDIAKEEP_RETRY_INITIAL_BACKOFF", "100ms");
    env.put("MEDIAKEEP_RETRY_MAX_BACKOFF", "2s");
    env.put("MEDIAKEEP_BREAKER_INFRA_OPEN_FOR", "2s");
    env.put("MEDIAKEEP_BREAKER_SOURCE_OPEN_FOR", "2s");
    return env;
  }

  void close() {
    for (AutoCloseable c :
        new AutoCloseable[] {source, s3Proxy, s3Client, postgresProxy, kafka, s3::close}) {
      Sockets.closeQuietly(c);
    }
    if (postgres != null) {
      postgres.close();
    }
  }
}
