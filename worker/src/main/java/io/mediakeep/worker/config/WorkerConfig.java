package io.mediakeep.worker.config;

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
import java.util.TreeMap;

/**
 * The whole configuration of a worker, read from {@code MEDIAKEEP_*} environment variables. Every
 * default points at the local stack, so {@code run} with no configuration connects to {@code
 * local}. Validation collects every bad key into one {@link ConfigException}. The standard {@code
 * OTEL_*} variables are kept as they are for OpenTelemetry ({@code otel}).
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
    Lifecycle lifecycle,
    Map<String, String> otel) {

  /** Where the HTTP endpoints listen. */
  public record Http(String host, int port) {}

  /** What the fetcher may reach and its limits. */
  /** {@code spoolMemory}: what downloads above the spool threshold may hold in memory together. */
  public record Fetch(SourceRules rules, FetchLimits limits, long spoolMemory) {}

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

  public static final String LOCAL_KAFKA = Keys.KAFKA_BOOTSTRAP.fallback();
  public static final String LOCAL_DB_URL = Keys.DB_URL.fallback();
  public static final String LOCAL_S3 = Keys.S3_ENDPOINT.fallback();

  public static WorkerConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    Keys.unknown(vars).forEach(env::problem);
    env.choice(Keys.LOG_FORMAT); // read by logback.xml; checked here
    env.choice(Keys.LOG_LEVEL);
    KafkaSettings.GroupProtocol groupProtocol =
        KafkaSettings.GroupProtocol.valueOf(
            env.choice(Keys.KAFKA_GROUP_PROTOCOL).toUpperCase(Locale.ROOT));
    if (groupProtocol == KafkaSettings.GroupProtocol.CONSUMER
        && env.optional(Keys.KAFKA_SESSION_TIMEOUT) != null) {
      env.problem(
          "MEDIAKEEP_KAFKA_SESSION_TIMEOUT does not apply with MEDIAKEEP_KAFKA_GROUP_PROTOCOL=consumer:"
              + " the broker's group.consumer.session.timeout.ms (or the group's"
              + " consumer.session.timeout.ms) decides; unset it");
    }
    String clientId = env.text(Keys.KAFKA_CLIENT_ID);
    KafkaSettings kafka =
        new KafkaSettings(
            env.text(Keys.KAFKA_BOOTSTRAP),
            env.text(Keys.KAFKA_GROUP),
            clientId == null ? "mediakeep-" + hostName() : clientId,
            env.text(Keys.TOPIC_INPUT),
            env.text(Keys.TOPIC_STORED),
            env.text(Keys.TOPIC_REJECTED),
            env.text(Keys.COMMANDS_TOPIC),
            env.text(Keys.LIFECYCLE_TOPIC),
            env.optional(Keys.KAFKA_INSTANCE_ID),
            env.duration(Keys.KAFKA_SESSION_TIMEOUT),
            env.duration(Keys.KAFKA_MAX_POLL_INTERVAL),
            groupProtocol);
    String dbUrl = env.text(Keys.DB_URL);
    if (!dbUrl.startsWith("jdbc:postgresql://")) {
      env.problem("MEDIAKEEP_DB_URL=" + dbUrl + " must start with jdbc:postgresql://");
    }
    int maxInFlight = env.integer(Keys.MAX_IN_FLIGHT);
    String dbUser = env.text(Keys.DB_USER);
    String dbPassword = env.text(Keys.DB_PASSWORD);
    String migrateUser = env.optional(Keys.DB_MIGRATE_USER);
    String migratePassword = env.optional(Keys.DB_MIGRATE_PASSWORD);
    if ((migrateUser == null) != (migratePassword == null)) {
      env.problem(
          "MEDIAKEEP_DB_MIGRATE_USER and MEDIAKEEP_DB_MIGRATE_PASSWORD must be set together"
              + " (neither: migrations use MEDIAKEEP_DB_USER)");
    }
    boolean ownMigrateUser = migrateUser != null && migratePassword != null;
    DbSettings db =
        new DbSettings(
            dbUrl,
            dbUser,
            dbPassword,
            env.integer(Keys.DB_POOL_SIZE),
            env.duration(Keys.DB_CONNECT_TIMEOUT),
            ownMigrateUser ? migrateUser : dbUser,
            ownMigrateUser ? migratePassword : dbPassword);
    // Set but empty means AWS S3 itself (no endpoint override); unset means the local stack.
    URI s3Endpoint =
        env.present(Keys.S3_ENDPOINT) && env.optional(Keys.S3_ENDPOINT) == null
            ? null
            : env.uri(Keys.S3_ENDPOINT, env.text(Keys.S3_ENDPOINT));
    S3Settings s3 =
        new S3Settings(
            s3Endpoint,
            env.text(Keys.S3_REGION),
            s3Endpoint == null ? env.optional(Keys.S3_ACCESS_KEY) : env.text(Keys.S3_ACCESS_KEY),
            s3Endpoint == null ? env.optional(Keys.S3_SECRET_KEY) : env.text(Keys.S3_SECRET_KEY),
            env.bool(Keys.S3_PATH_STYLE));
    S3ObjectStore.Parts s3Parts =
        new S3ObjectStore.Parts(
            env.bytes(Keys.MULTIPART_THRESHOLD),
            env.bytes(Keys.MULTIPART_PART_SIZE),
            S3ObjectStore.Parts.DEFAULTS.copyThreshold(),
            S3ObjectStore.Parts.DEFAULTS.copyPartSize());
    StorageLayout layout =
        new StorageLayout(
            env.text(Keys.BUCKET_PROJECT),
            env.text(Keys.BUCKET_WORKSPACE),
            env.text(Keys.LIBRARY_BUCKET),
            env.optional(Keys.PUBLIC_BASE_URL),
            env.optional(Keys.PUBLIC_BASE_URL_WORKSPACE),
            env.optional(Keys.PUBLIC_BASE_URL_LIBRARY),
            env.duration(Keys.WORKSPACE_RETENTION));
    Http http = new Http(env.text(Keys.HTTP_HOST), env.integer(Keys.HTTP_PORT));
    FetchAllowList allow = env.check(Keys.FETCH_ALLOW, FetchAllowList::parse);
    FetchLimits limits =
        new FetchLimits(
            env.duration(Keys.FETCH_CONNECT_TIMEOUT),
            env.duration(Keys.FETCH_IDLE_TIMEOUT),
            env.duration(Keys.FETCH_TOTAL_TIMEOUT),
            env.integer(Keys.FETCH_MAX_REDIRECTS),
            env.bytes(Keys.MAX_IMAGE_BYTES),
            env.bytes(Keys.MAX_VIDEO_BYTES),
            env.bytes(Keys.MAX_PIXELS),
            env.integer(Keys.MAX_FRAMES),
            env.duration(Keys.VIDEO_MAX_DURATION),
            (int) Math.min(Integer.MAX_VALUE, env.bytes(Keys.SPOOL_THRESHOLD)),
            env.path(Keys.SPOOL_DIR, System.getProperty("java.io.tmpdir")),
            env.bytes(Keys.FETCH_MIN_RATE),
            env.duration(Keys.FETCH_RATE_WINDOW));
    SourceRules rules =
        new SourceRules(
            env.choices(Keys.FETCH_SCHEMES),
            env.check(Keys.FETCH_PORTS, SourceRules::ports),
            env.check(Keys.FETCH_HOSTS, HostAllowList::parse),
            allow);
    Fetch fetch = new Fetch(rules, limits, env.bytes(Keys.SPOOL_MEMORY));
    int maxPollRecords = Math.max(1, Math.min(500, maxInFlight / 4));
    int maxInFlightPerHost =
        env.integer(Keys.MAX_IN_FLIGHT_PER_HOST, Math.max(1, maxInFlight / 2), maxInFlight);
    Pipeline pipeline =
        new Pipeline(
            maxInFlight,
            maxInFlightPerHost,
            maxPollRecords,
            env.duration(Keys.COMMIT_INTERVAL),
            env.duration(Keys.SHUTDOWN_TIMEOUT),
            new RetryPolicies(
                env.integer(Keys.RETRY_ATTEMPTS),
                env.duration(Keys.RETRY_INITIAL_BACKOFF),
                env.duration(Keys.RETRY_MAX_BACKOFF),
                3),
            new Waits(
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                env.duration(Keys.SOURCE_OUTAGE_LIMIT)),
            new CircuitBreakers.Settings(
                20,
                env.duration(Keys.BREAKER_SOURCE_OPEN_FOR),
                10,
                env.duration(Keys.BREAKER_INFRA_OPEN_FOR),
                256),
            env.check(Keys.CRASH_AT, spec -> spec.isBlank() ? null : CrashPoint.parse(spec)));
    Lifecycle lifecycle =
        new Lifecycle(env.durationOrOff(Keys.SWEEP_INTERVAL), env.integer(Keys.SWEEP_BATCH));
    boolean migrate = env.bool(Keys.DB_MIGRATE);
    if (!env.problems().isEmpty()) {
      throw new ConfigException(env.problems());
    }
    Map<String, String> otel = new TreeMap<>();
    vars.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_")) {
            otel.put(name, value);
          }
        });
    return new WorkerConfig(
        kafka,
        db,
        migrate,
        s3,
        s3Parts,
        layout,
        http,
        fetch,
        pipeline,
        lifecycle,
        Map.copyOf(otel));
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
