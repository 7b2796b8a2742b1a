package io.mediakeep.worker.config;

import io.mediakeep.contracts.Topics;
import io.mediakeep.worker.core.CircuitBreakers;
import io.mediakeep.worker.core.CrashPoint;
import io.mediakeep.worker.core.RetryPolicies;
import io.mediakeep.worker.core.StorageLayout;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.fetch.FetchAllowList;
import io.mediakeep.worker.fetch.FetchLimits;
import io.mediakeep.worker.fetch.HostAllowList;
import io.mediakeep.worker.fetch.SourceRules;
import io.mediakeep.worker.kafka.KafkaSettings;
import io.mediakeep.worker.kafka.Waits;
import io.mediakeep.worker.store.S3ObjectStore;
import io.mediakeep.worker.store.S3Settings;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The whole configuration of a worker, read from {@code MEDIAKEEP_*} environment variables. Every
 * default points at the local stack, so {@code run} with no configuration connects to {@code
 * local}. Validation collects every bad key into one {@link ConfigException}.
 */
public record WorkerConfig(
    KafkaSettings kafka,
    DbSettings db,
    boolean migrateOnStart,
    S3Settings s3,
    S3ObjectStore.Parts s3Parts,
    StorageLayout layout,
    Http http,
    Fetch fetch,
    Pipeline pipeline,
    Lifecycle lifecycle) {

  /** Where the HTTP endpoints listen. */
  public record Http(String host, int port) {}

  /** What the fetcher may reach and its limits. */
  public record Fetch(SourceRules rules, FetchLimits limits) {}

  /**
   * The expiry sweep inside {@code run}: how often (null: never) and how many rows a batch of the
   * sweep, a drain or a purge takes.
   */
  public record Lifecycle(Duration sweepInterval, int batch) {}

  /** Concurrency, retries and shutdown. */
  public record Pipeline(
      int maxInFlight,
      int maxInFlightPerHost,
      int maxPollRecords,
      Duration commitInterval,
      Duration shutdownTimeout,
      RetryPolicies retries,
      Waits waits,
      CircuitBreakers.Settings breakers,
      CrashPoint.Armed crashAt) {}

  public static final String LOCAL_KAFKA = "127.0.0.1:19092";
  public static final String LOCAL_DB_URL = "jdbc:postgresql://127.0.0.1:15432/mediakeep";
  public static final String LOCAL_S3 = "http://127.0.0.1:19000";

  public static WorkerConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    Keys.unknown(vars).forEach(env::problem);
    KafkaSettings.GroupProtocol groupProtocol =
        env.check(
            "MEDIAKEEP_KAFKA_GROUP_PROTOCOL",
            WorkerConfig::groupProtocol,
            KafkaSettings.GroupProtocol.CLASSIC.name());
    if (groupProtocol == KafkaSettings.GroupProtocol.CONSUMER
        && env.optional("MEDIAKEEP_KAFKA_SESSION_TIMEOUT") != null) {
      env.problem(
          "MEDIAKEEP_KAFKA_SESSION_TIMEOUT does not apply with MEDIAKEEP_KAFKA_GROUP_PROTOCOL=consumer:"
              + " the broker's group.consumer.session.timeout.ms (or the group's"
              + " consumer.session.timeout.ms) decides; unset it");
    }
    KafkaSettings kafka =
        new KafkaSettings(
            env.string("MEDIAKEEP_KAFKA_BOOTSTRAP", LOCAL_KAFKA),
            env.string("MEDIAKEEP_KAFKA_GROUP", "mediakeep"),
            env.string("MEDIAKEEP_KAFKA_CLIENT_ID", "mediakeep-" + hostName()),
            env.string("MEDIAKEEP_TOPIC_INPUT", Topics.MEDIA_GENERATED),
            env.string("MEDIAKEEP_TOPIC_STORED", Topics.ASSET_STORED),
            env.string("MEDIAKEEP_TOPIC_REJECTED", Topics.ASSET_REJECTED),
            env.string("MEDIAKEEP_COMMANDS_TOPIC", Topics.ASSET_COMMANDS),
            env.string("MEDIAKEEP_LIFECYCLE_TOPIC", Topics.ASSET_LIFECYCLE),
            env.optional("MEDIAKEEP_KAFKA_INSTANCE_ID"),
            env.duration("MEDIAKEEP_KAFKA_SESSION_TIMEOUT", Duration.ofSeconds(45)),
            env.duration("MEDIAKEEP_KAFKA_MAX_POLL_INTERVAL", Duration.ofMinutes(5)),
            groupProtocol);
    String dbUrl = env.string("MEDIAKEEP_DB_URL", LOCAL_DB_URL);
    if (!dbUrl.startsWith("jdbc:postgresql://")) {
      env.problems().add("MEDIAKEEP_DB_URL=" + dbUrl + " must start with jdbc:postgresql://");
    }
    int maxInFlight = env.integer("MEDIAKEEP_MAX_IN_FLIGHT", 256, 1, 100_000);
    String dbUser = env.string("MEDIAKEEP_DB_USER", "mediakeep");
    String dbPassword = env.string("MEDIAKEEP_DB_PASSWORD", "mediakeep");
    String migrateUser = env.optional("MEDIAKEEP_DB_MIGRATE_USER");
    String migratePassword = env.optional("MEDIAKEEP_DB_MIGRATE_PASSWORD");
    if ((migrateUser == null) != (migratePassword == null)) {
      env.problems()
          .add(
              "MEDIAKEEP_DB_MIGRATE_USER and MEDIAKEEP_DB_MIGRATE_PASSWORD must be set together"
                  + " (neither: migrations use MEDIAKEEP_DB_USER)");
    }
    boolean ownMigrateUser = migrateUser != null && migratePassword != null;
    DbSettings db =
        new DbSettings(
            dbUrl,
            dbUser,
            dbPassword,
            env.integer("MEDIAKEEP_DB_POOL_SIZE", 16, 1, 1000),
            env.duration("MEDIAKEEP_DB_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
            ownMigrateUser ? migrateUser : dbUser,
            ownMigrateUser ? migratePassword : dbPassword);
    String endpoint =
        vars.containsKey("MEDIAKEEP_S3_ENDPOINT") ? vars.get("MEDIAKEEP_S3_ENDPOINT") : LOCAL_S3;
    URI s3Endpoint =
        endpoint == null || endpoint.isBlank() ? null : env.uri("MEDIAKEEP_S3_ENDPOINT", endpoint);
    S3Settings s3 =
        new S3Settings(
            s3Endpoint,
            env.string("MEDIAKEEP_S3_REGION", "us-east-1"),
            env.string("MEDIAKEEP_S3_ACCESS_KEY", s3Endpoint == null ? null : "mediakeep"),
            env.string("MEDIAKEEP_S3_SECRET_KEY", s3Endpoint == null ? null : "mediakeep-secret"),
            env.bool("MEDIAKEEP_S3_PATH_STYLE", true));
    long partSize =
        env.bytes(
            "MEDIAKEEP_MULTIPART_PART_SIZE",
            S3ObjectStore.Parts.DEFAULTS.uploadPartSize(),
            S3ObjectStore.MIN_PART_SIZE);
    S3ObjectStore.Parts s3Parts =
        new S3ObjectStore.Parts(
            env.bytes(
                "MEDIAKEEP_MULTIPART_THRESHOLD", S3ObjectStore.Parts.DEFAULTS.uploadThreshold(), 1),
            partSize,
            S3ObjectStore.Parts.DEFAULTS.copyThreshold(),
            S3ObjectStore.Parts.DEFAULTS.copyPartSize());
    StorageLayout layout =
        new StorageLayout(
            env.string("MEDIAKEEP_BUCKET_PROJECT", "mediakeep-project"),
            env.string("MEDIAKEEP_BUCKET_WORKSPACE", "mediakeep-workspace"),
            env.string("MEDIAKEEP_LIBRARY_BUCKET", "mediakeep-library"),
            env.optional("MEDIAKEEP_PUBLIC_BASE_URL"),
            env.optional("MEDIAKEEP_PUBLIC_BASE_URL_WORKSPACE"),
            env.optional("MEDIAKEEP_PUBLIC_BASE_URL_LIBRARY"),
            env.duration("MEDIAKEEP_WORKSPACE_RETENTION", Duration.ofDays(7)));
    Http http =
        new Http(
            env.string("MEDIAKEEP_HTTP_HOST", "127.0.0.1"),
            env.integer("MEDIAKEEP_HTTP_PORT", 9400, 0, 65535));
    FetchAllowList allow = env.check("MEDIAKEEP_FETCH_ALLOW", FetchAllowList::parse, "");
    FetchLimits limits =
        new FetchLimits(
            env.duration("MEDIAKEEP_FETCH_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
            env.duration("MEDIAKEEP_FETCH_IDLE_TIMEOUT", Duration.ofSeconds(15)),
            env.duration("MEDIAKEEP_FETCH_TOTAL_TIMEOUT", Duration.ofSeconds(120)),
            env.integer("MEDIAKEEP_FETCH_MAX_REDIRECTS", 5, 0, 20),
            env.bytes("MEDIAKEEP_MAX_IMAGE_BYTES", 10L << 20, 1),
            env.bytes("MEDIAKEEP_MAX_VIDEO_BYTES", 1L << 30, 1),
            env.bytes("MEDIAKEEP_MAX_PIXELS", 100_000_000L, 1),
            env.integer("MEDIAKEEP_MAX_FRAMES", 1000, 1, 1_000_000),
            env.duration("MEDIAKEEP_VIDEO_MAX_DURATION", Duration.ofHours(2)),
            (int) env.bytes("MEDIAKEEP_SPOOL_THRESHOLD", 512 * 1024, 0),
            env.path("MEDIAKEEP_SPOOL_DIR", System.getProperty("java.io.tmpdir")),
            env.bytes("MEDIAKEEP_FETCH_MIN_RATE", FetchLimits.DEFAULT_MIN_RATE_BYTES, 0),
            env.duration("MEDIAKEEP_FETCH_RATE_WINDOW", FetchLimits.DEFAULT_RATE_WINDOW));
    SourceRules rules =
        new SourceRules(
            env.set("MEDIAKEEP_FETCH_SCHEMES", "https", Env.setOf("https", "http")),
            env.check("MEDIAKEEP_FETCH_PORTS", SourceRules::ports, "443,80"),
            env.check("MEDIAKEEP_FETCH_HOSTS", HostAllowList::parse, ""),
            allow);
    Fetch fetch = new Fetch(rules, limits);
    int maxPollRecords = Math.max(1, Math.min(500, maxInFlight / 4));
    int maxInFlightPerHost =
        env.integer(
            "MEDIAKEEP_MAX_IN_FLIGHT_PER_HOST", Math.max(1, maxInFlight / 2), 1, maxInFlight);
    Pipeline pipeline =
        new Pipeline(
            maxInFlight,
            maxInFlightPerHost,
            maxPollRecords,
            env.duration("MEDIAKEEP_COMMIT_INTERVAL", Duration.ofSeconds(1)),
            env.duration("MEDIAKEEP_SHUTDOWN_TIMEOUT", Duration.ofSeconds(30)),
            new RetryPolicies(
                env.integer("MEDIAKEEP_RETRY_ATTEMPTS", 4, 1, 100),
                env.duration("MEDIAKEEP_RETRY_INITIAL_BACKOFF", Duration.ofMillis(500)),
                env.duration("MEDIAKEEP_RETRY_MAX_BACKOFF", Duration.ofSeconds(30)),
                3),
            new Waits(
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                env.duration("MEDIAKEEP_SOURCE_OUTAGE_LIMIT", Duration.ofMinutes(15))),
            new CircuitBreakers.Settings(
                20,
                env.duration("MEDIAKEEP_BREAKER_SOURCE_OPEN_FOR", Duration.ofSeconds(10)),
                10,
                env.duration("MEDIAKEEP_BREAKER_INFRA_OPEN_FOR", Duration.ofSeconds(5)),
                256),
            env.check(
                "MEDIAKEEP_CRASH_AT", spec -> spec.isBlank() ? null : CrashPoint.parse(spec), ""));
    Lifecycle lifecycle =
        new Lifecycle(
            env.durationOrOff("MEDIAKEEP_SWEEP_INTERVAL", Duration.ofMinutes(10)),
            env.integer("MEDIAKEEP_SWEEP_BATCH", 500, 1, 10_000));
    boolean migrate = env.bool("MEDIAKEEP_DB_MIGRATE", true);
    if (!env.problems().isEmpty()) {
      throw new ConfigException(env.problems());
    }
    return new WorkerConfig(
        kafka, db, migrate, s3, s3Parts, layout, http, fetch, pipeline, lifecycle);
  }

  private static KafkaSettings.GroupProtocol groupProtocol(String value) {
    try {
      return KafkaSettings.GroupProtocol.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be classic or consumer");
    }
  }

  /** A duration as the configuration takes them: 500ms, 30s, 5m, 1h, 7d or ISO-8601. */
  public static Duration parseDuration(String text) {
    return Env.parseDuration(text);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "worker";
    }
  }
}
