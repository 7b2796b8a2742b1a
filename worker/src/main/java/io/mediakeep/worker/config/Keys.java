package io.mediakeep.worker.config;

import static io.mediakeep.worker.config.Key.Type.BOOLEAN;
import static io.mediakeep.worker.config.Key.Type.DURATION;
import static io.mediakeep.worker.config.Key.Type.DURATION_OR_OFF;
import static io.mediakeep.worker.config.Key.Type.LIST;
import static io.mediakeep.worker.config.Key.Type.PATH;
import static io.mediakeep.worker.config.Key.Type.SECRET;
import static io.mediakeep.worker.config.Key.Type.TEXT;
import static io.mediakeep.worker.config.Key.Type.URL;

import io.mediakeep.contracts.Topics;
import io.mediakeep.worker.store.S3ObjectStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every {@code MEDIAKEEP_*} environment variable any command reads, with its type, default, bounds
 * and meaning: the one table that {@link Env} parses by, {@code run --help} prints and {@code
 * KeysTest} holds the README's configuration table to. A variable with the prefix that is not one
 * of them is a typo, and a typo would otherwise fall back silently to a default (a localhost
 * address, say), so it is a configuration error naming the closest known key. The variables
 * Kubernetes injects for a Service named {@code mediakeep} or {@code mediakeep-*} ({@code
 * MEDIAKEEP_SERVICE_HOST}, {@code MEDIAKEEP_PORT_9400_TCP}, ...) are not keys and pass.
 */
public final class Keys {

  public static final Key KAFKA_BOOTSTRAP =
      key(TEXT, "MEDIAKEEP_KAFKA_BOOTSTRAP", "127.0.0.1:19092", "Kafka bootstrap servers");

  public static final Key KAFKA_GROUP =
      key(
          TEXT,
          "MEDIAKEEP_KAFKA_GROUP",
          "mediakeep",
          "consumer group; processes with the same group share the load");

  public static final Key KAFKA_CLIENT_ID =
      key(
              TEXT,
              "MEDIAKEEP_KAFKA_CLIENT_ID",
              null,
              "client id of the consumer and producer (-consumer, -producer appended)")
          .shownAs("mediakeep-<host name>");

  public static final Key KAFKA_INSTANCE_ID =
      key(
          TEXT,
          "MEDIAKEEP_KAFKA_INSTANCE_ID",
          null,
          "static group membership (group.instance.id), e.g. a StatefulSet's pod name");

  public static final Key KAFKA_SESSION_TIMEOUT =
      key(
          DURATION,
          "MEDIAKEEP_KAFKA_SESSION_TIMEOUT",
          "45s",
          "how long the group waits for a silent member (classic protocol only)");

  public static final Key KAFKA_GROUP_PROTOCOL =
      choice(
          "MEDIAKEEP_KAFKA_GROUP_PROTOCOL",
          "classic",
          List.of("classic", "consumer"),
          "consumer: the KIP-848 protocol (Kafka 4.0+ brokers)");

  public static final Key KAFKA_MAX_POLL_INTERVAL =
      key(
          DURATION,
          "MEDIAKEEP_KAFKA_MAX_POLL_INTERVAL",
          "5m",
          "Kafka's max.poll.interval.ms; downloads do not count against it");

  public static final Key TOPIC_INPUT =
      key(
          TEXT,
          "MEDIAKEEP_TOPIC_INPUT",
          Topics.MEDIA_GENERATED,
          "image- and video-generated events in");

  public static final Key TOPIC_STORED =
      key(TEXT, "MEDIAKEEP_TOPIC_STORED", Topics.ASSET_STORED, "asset-stored events out");

  public static final Key TOPIC_REJECTED =
      key(TEXT, "MEDIAKEEP_TOPIC_REJECTED", Topics.ASSET_REJECTED, "asset-rejected events out");

  public static final Key COMMANDS_TOPIC =
      key(
          TEXT,
          "MEDIAKEEP_COMMANDS_TOPIC",
          Topics.ASSET_COMMANDS,
          "promote, delete and purge commands in");

  public static final Key LIFECYCLE_TOPIC =
      key(TEXT, "MEDIAKEEP_LIFECYCLE_TOPIC", Topics.ASSET_LIFECYCLE, "lifecycle events out");

  public static final Key DB_URL =
      key(
          TEXT,
          "MEDIAKEEP_DB_URL",
          "jdbc:postgresql://127.0.0.1:15432/mediakeep",
          "PostgreSQL (jdbc:postgresql://...)");

  public static final Key DB_USER =
      key(
          TEXT,
          "MEDIAKEEP_DB_USER",
          "mediakeep",
          "the worker's login, a member of mediakeep_worker; never the schema owner");

  public static final Key DB_PASSWORD =
      key(SECRET, "MEDIAKEEP_DB_PASSWORD", "mediakeep", "the worker's password");

  public static final Key DB_MIGRATE_USER =
      key(
              TEXT,
              "MEDIAKEEP_DB_MIGRATE_USER",
              null,
              "the schema owner's login for migrations; set both or neither")
          .shownAs("MEDIAKEEP_DB_USER's");

  public static final Key DB_MIGRATE_PASSWORD =
      key(SECRET, "MEDIAKEEP_DB_MIGRATE_PASSWORD", null, "the schema owner's password")
          .shownAs("MEDIAKEEP_DB_PASSWORD's");

  public static final Key DB_POOL_SIZE =
      integer("MEDIAKEEP_DB_POOL_SIZE", 16, 1, 1000, "HikariCP pool size");

  public static final Key DB_CONNECT_TIMEOUT =
      key(
          DURATION,
          "MEDIAKEEP_DB_CONNECT_TIMEOUT",
          "5s",
          "how long a statement waits for a pooled connection");

  public static final Key DB_MIGRATE =
      key(BOOLEAN, "MEDIAKEEP_DB_MIGRATE", "true", "apply migrations when run starts");

  public static final Key S3_ENDPOINT =
      key(
          URL,
          "MEDIAKEEP_S3_ENDPOINT",
          "http://127.0.0.1:19000",
          "S3 endpoint; empty for AWS S3 itself");

  public static final Key S3_REGION = key(TEXT, "MEDIAKEEP_S3_REGION", "us-east-1", "S3 region");

  public static final Key S3_ACCESS_KEY =
      key(TEXT, "MEDIAKEEP_S3_ACCESS_KEY", "mediakeep", "empty: the AWS default credentials chain")
          .shownAs("mediakeep (with an endpoint)");

  public static final Key S3_SECRET_KEY =
      key(
              SECRET,
              "MEDIAKEEP_S3_SECRET_KEY",
              "mediakeep-secret",
              "empty: the AWS default credentials chain")
          .shownAs("mediakeep-secret (with an endpoint)");

  public static final Key S3_PATH_STYLE =
      key(BOOLEAN, "MEDIAKEEP_S3_PATH_STYLE", "true", "path-style addressing");

  public static final Key BUCKET_PROJECT =
      key(TEXT, "MEDIAKEEP_BUCKET_PROJECT", "mediakeep-project", "bucket of project (kept) assets");

  public static final Key BUCKET_WORKSPACE =
      key(
          TEXT,
          "MEDIAKEEP_BUCKET_WORKSPACE",
          "mediakeep-workspace",
          "bucket of workspace (expiring) assets");

  public static final Key LIBRARY_BUCKET =
      key(
          TEXT,
          "MEDIAKEEP_LIBRARY_BUCKET",
          "mediakeep-library",
          "where promoted assets are copied");

  public static final Key PUBLIC_BASE_URL =
      key(
          TEXT,
          "MEDIAKEEP_PUBLIC_BASE_URL",
          null,
          "base of the url in asset-stored events (unset: no url)");

  public static final Key PUBLIC_BASE_URL_WORKSPACE =
      key(TEXT, "MEDIAKEEP_PUBLIC_BASE_URL_WORKSPACE", null, "the same for workspace assets");

  public static final Key PUBLIC_BASE_URL_LIBRARY =
      key(
          TEXT,
          "MEDIAKEEP_PUBLIC_BASE_URL_LIBRARY",
          null,
          "the same for promoted (library) assets");

  public static final Key WORKSPACE_RETENTION =
      key(DURATION, "MEDIAKEEP_WORKSPACE_RETENTION", "7d", "how long workspace assets live");

  public static final Key SWEEP_INTERVAL =
      key(
          DURATION_OR_OFF,
          "MEDIAKEEP_SWEEP_INTERVAL",
          "10m",
          "how often each worker sweeps expired workspace assets; 0 = never");

  public static final Key SWEEP_BATCH =
      integer(
          "MEDIAKEEP_SWEEP_BATCH",
          500,
          1,
          10_000,
          "rows a sweep, drain or purge batch takes in one transaction");

  public static final Key HTTP_HOST =
      key(
          TEXT,
          "MEDIAKEEP_HTTP_HOST",
          "127.0.0.1",
          "address of the metrics and health endpoints (0.0.0.0 in containers)");

  public static final Key HTTP_PORT =
      integer("MEDIAKEEP_HTTP_PORT", 9400, 0, 65535, "port of the metrics and health endpoints");

  public static final Key MAX_IN_FLIGHT =
      integer(
          "MEDIAKEEP_MAX_IN_FLIGHT",
          256,
          1,
          100_000,
          "events processed at once; partitions pause beyond it");

  public static final Key MAX_IN_FLIGHT_PER_HOST =
      integer(
              "MEDIAKEEP_MAX_IN_FLIGHT_PER_HOST",
              -1,
              1,
              100_000,
              "downloads from one source host at once (at most MEDIAKEEP_MAX_IN_FLIGHT)")
          .shownAs("half of MEDIAKEEP_MAX_IN_FLIGHT");

  public static final Key COMMIT_INTERVAL =
      key(DURATION, "MEDIAKEEP_COMMIT_INTERVAL", "1s", "how often durable offsets are committed");

  public static final Key SHUTDOWN_TIMEOUT =
      key(DURATION, "MEDIAKEEP_SHUTDOWN_TIMEOUT", "30s", "time in-flight events get on SIGTERM");

  public static final Key FETCH_SCHEMES =
      choices(
          "MEDIAKEEP_FETCH_SCHEMES", "https", List.of("https", "http"), "allowed source schemes");

  public static final Key FETCH_PORTS =
      key(LIST, "MEDIAKEEP_FETCH_PORTS", "443,80", "allowed source ports");

  public static final Key FETCH_HOSTS =
      key(
              LIST,
              "MEDIAKEEP_FETCH_HOSTS",
              "",
              "hosts each provider may serve from: fal=*.fal.media;*=cdn.example.com")
          .shownAs("any public host");

  public static final Key FETCH_ALLOW =
      key(
              LIST,
              "MEDIAKEEP_FETCH_ALLOW",
              "",
              "exemptions from every host, port and address rule: host:port or CIDR, comma-separated")
          .shownAs("none");

  public static final Key FETCH_CONNECT_TIMEOUT =
      key(DURATION, "MEDIAKEEP_FETCH_CONNECT_TIMEOUT", "5s", "download connect deadline");

  public static final Key FETCH_IDLE_TIMEOUT =
      key(DURATION, "MEDIAKEEP_FETCH_IDLE_TIMEOUT", "15s", "longest silence of a download");

  public static final Key FETCH_TOTAL_TIMEOUT =
      key(DURATION, "MEDIAKEEP_FETCH_TOTAL_TIMEOUT", "120s", "whole-download deadline");

  public static final Key FETCH_MAX_REDIRECTS =
      integer("MEDIAKEEP_FETCH_MAX_REDIRECTS", 5, 0, 20, "redirects followed");

  public static final Key FETCH_MIN_RATE =
      bytes(
          "MEDIAKEEP_FETCH_MIN_RATE",
          "64KiB",
          0,
          "a body slower than this per window is cut (then SOURCE_TOO_SLOW); 0 = off");

  public static final Key FETCH_RATE_WINDOW =
      key(DURATION, "MEDIAKEEP_FETCH_RATE_WINDOW", "10s", "the window of MEDIAKEEP_FETCH_MIN_RATE");

  public static final Key MAX_IMAGE_BYTES =
      bytes("MEDIAKEEP_MAX_IMAGE_BYTES", "10MiB", 1, "image size cap, enforced while streaming");

  public static final Key MAX_VIDEO_BYTES =
      bytes("MEDIAKEEP_MAX_VIDEO_BYTES", "1GiB", 1, "video size cap, enforced while streaming");

  public static final Key MAX_PIXELS =
      count(
          "MEDIAKEEP_MAX_PIXELS",
          "100000000",
          1,
          "pixel cap (width x height) of the canvas and of every frame");

  public static final Key MAX_FRAMES =
      integer(
          "MEDIAKEEP_MAX_FRAMES", 1000, 1, 1_000_000, "frame cap of animated GIF, PNG and WebP");

  public static final Key VIDEO_MAX_DURATION =
      key(
          DURATION,
          "MEDIAKEEP_VIDEO_MAX_DURATION",
          "2h",
          "longest video stored; longer is DIMENSIONS_EXCEEDED");

  public static final Key MULTIPART_THRESHOLD =
      bytes(
          "MEDIAKEEP_MULTIPART_THRESHOLD",
          "64MiB",
          1,
          "spooled files above it go up as multipart uploads");

  public static final Key MULTIPART_PART_SIZE =
      bytes(
          "MEDIAKEEP_MULTIPART_PART_SIZE",
          "16MiB",
          S3ObjectStore.MIN_PART_SIZE,
          "multipart part size");

  public static final Key BACKFILL_SOURCE_USER =
      key(
          TEXT,
          "MEDIAKEEP_BACKFILL_SOURCE_USER",
          null,
          "the legacy database's login, for backfill --source-url");

  public static final Key BACKFILL_SOURCE_PASSWORD =
      key(SECRET, "MEDIAKEEP_BACKFILL_SOURCE_PASSWORD", null, "the legacy database's password");

  public static final Key SPOOL_THRESHOLD =
      bytes("MEDIAKEEP_SPOOL_THRESHOLD", "512KiB", 0, "larger downloads go to disk");

  public static final Key SPOOL_MEMORY =
      bytes(
          "MEDIAKEEP_SPOOL_MEMORY",
          "128MiB",
          0,
          "larger downloads may stay in memory together up to this (at most 1/4 of the heap)");

  public static final Key SPOOL_DIR =
      key(PATH, "MEDIAKEEP_SPOOL_DIR", null, "where they go").shownAs("the temp dir");

  public static final Key RETRY_ATTEMPTS =
      integer("MEDIAKEEP_RETRY_ATTEMPTS", 4, 1, 100, "download attempts before RETRIES_EXHAUSTED");

  public static final Key RETRY_INITIAL_BACKOFF =
      key(DURATION, "MEDIAKEEP_RETRY_INITIAL_BACKOFF", "500ms", "first backoff (with jitter)");

  public static final Key RETRY_MAX_BACKOFF =
      key(DURATION, "MEDIAKEEP_RETRY_MAX_BACKOFF", "30s", "longest backoff");

  public static final Key BREAKER_SOURCE_OPEN_FOR =
      key(
          DURATION,
          "MEDIAKEEP_BREAKER_SOURCE_OPEN_FOR",
          "10s",
          "how long a source host's circuit stays open before probes");

  public static final Key BREAKER_INFRA_OPEN_FOR =
      key(
          DURATION,
          "MEDIAKEEP_BREAKER_INFRA_OPEN_FOR",
          "5s",
          "the same for the S3 and PostgreSQL circuits");

  public static final Key SOURCE_OUTAGE_LIMIT =
      key(
          DURATION,
          "MEDIAKEEP_SOURCE_OUTAGE_LIMIT",
          "15m",
          "how long an event waits for its host's circuit before RETRIES_EXHAUSTED");

  public static final Key CRASH_AT =
      key(
              LIST,
              "MEDIAKEEP_CRASH_AT",
              "",
              "fault injection for the reliability harness only (STEP[:N]); never in production")
          .shownAs("unset");

  public static final Key LOG_FORMAT =
      choice("MEDIAKEEP_LOG_FORMAT", "text", List.of("text", "json"), "log layout");

  public static final Key LOG_LEVEL =
      choice(
          "MEDIAKEEP_LOG_LEVEL",
          "INFO",
          List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR"),
          "root log level");

  /** The table, in the order help prints it. */
  public static final List<Key> TABLE =
      List.of(
          KAFKA_BOOTSTRAP,
          KAFKA_GROUP,
          KAFKA_CLIENT_ID,
          KAFKA_INSTANCE_ID,
          KAFKA_SESSION_TIMEOUT,
          KAFKA_GROUP_PROTOCOL,
          KAFKA_MAX_POLL_INTERVAL,
          TOPIC_INPUT,
          TOPIC_STORED,
          TOPIC_REJECTED,
          COMMANDS_TOPIC,
          LIFECYCLE_TOPIC,
          DB_URL,
          DB_USER,
          DB_PASSWORD,
          DB_MIGRATE_USER,
          DB_MIGRATE_PASSWORD,
          DB_POOL_SIZE,
          DB_CONNECT_TIMEOUT,
          DB_MIGRATE,
          S3_ENDPOINT,
          S3_REGION,
          S3_ACCESS_KEY,
          S3_SECRET_KEY,
          S3_PATH_STYLE,
          BUCKET_PROJECT,
          BUCKET_WORKSPACE,
          LIBRARY_BUCKET,
          PUBLIC_BASE_URL,
          PUBLIC_BASE_URL_WORKSPACE,
          PUBLIC_BASE_URL_LIBRARY,
          WORKSPACE_RETENTION,
          SWEEP_INTERVAL,
          SWEEP_BATCH,
          HTTP_HOST,
          HTTP_PORT,
          MAX_IN_FLIGHT,
          MAX_IN_FLIGHT_PER_HOST,
          COMMIT_INTERVAL,
          SHUTDOWN_TIMEOUT,
          FETCH_SCHEMES,
          FETCH_PORTS,
          FETCH_HOSTS,
          FETCH_ALLOW,
          FETCH_CONNECT_TIMEOUT,
          FETCH_IDLE_TIMEOUT,
          FETCH_TOTAL_TIMEOUT,
          FETCH_MAX_REDIRECTS,
          FETCH_MIN_RATE,
          FETCH_RATE_WINDOW,
          MAX_IMAGE_BYTES,
          MAX_VIDEO_BYTES,
          MAX_PIXELS,
          MAX_FRAMES,
          VIDEO_MAX_DURATION,
          MULTIPART_THRESHOLD,
          MULTIPART_PART_SIZE,
          BACKFILL_SOURCE_USER,
          BACKFILL_SOURCE_PASSWORD,
          SPOOL_THRESHOLD,
          SPOOL_MEMORY,
          SPOOL_DIR,
          RETRY_ATTEMPTS,
          RETRY_INITIAL_BACKOFF,
          RETRY_MAX_BACKOFF,
          BREAKER_SOURCE_OPEN_FOR,
          BREAKER_INFRA_OPEN_FOR,
          SOURCE_OUTAGE_LIMIT,
          CRASH_AT,
          LOG_FORMAT,
          LOG_LEVEL);

  /** The table by name. */
  public static final SequencedMap<String, Key> ALL = byName();

  private static final String PREFIX = "MEDIAKEEP_";

  /**
   * Kubernetes service links: {NAME}_SERVICE_HOST, _SERVICE_PORT[_{port}], _PORT[_{n}_{proto}[_x]].
   */
  private static final Pattern SERVICE_LINK =
      Pattern.compile(
          "MEDIAKEEP(_[A-Z0-9_]+)?_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?"
              + "|PORT_[0-9]+_(TCP|UDP|SCTP)(_ADDR|_PORT|_PROTO)?)");

  private static final Pattern SERVICE_LINK_URL = Pattern.compile("(tcp|udp|sctp)://.*");

  private Keys() {}

  private static SequencedMap<String, Key> byName() {
    SequencedMap<String, Key> byName = new LinkedHashMap<>();
    for (Key key : TABLE) {
      if (byName.put(key.name(), key) != null) {
        throw new IllegalStateException("twice in the table: " + key.name());
      }
    }
    return byName;
  }

  /** A key with no bounds and no choices. */
  private static Key key(Key.Type type, String name, String fallback, String description) {
    return new Key(name, type, fallback, null, 0, 0, List.of(), description);
  }

  /** An integer; a negative fallback means derived from other settings (see its shown default). */
  private static Key integer(String name, int fallback, int min, int max, String description) {
    String text = fallback < 0 ? null : Integer.toString(fallback);
    return new Key(name, Key.Type.INTEGER, text, null, min, max, List.of(), description);
  }

  /** A count too large for an int (pixels), read like a size without units. */
  private static Key count(String name, String fallback, long min, String description) {
    return new Key(
        name, Key.Type.COUNT, fallback, null, min, Long.MAX_VALUE, List.of(), description);
  }

  private static Key bytes(String name, String fallback, long min, String description) {
    return new Key(
        name, Key.Type.BYTES, fallback, null, min, Long.MAX_VALUE, List.of(), description);
  }

  private static Key choice(
      String name, String fallback, List<String> choices, String description) {
    return new Key(name, Key.Type.CHOICE, fallback, null, 0, 0, choices, description);
  }

  private static Key choices(
      String name, String fallback, List<String> choices, String description) {
    return new Key(name, Key.Type.CHOICES, fallback, null, 0, 0, choices, description);
  }

  /**
   * The table as {@code run --help} prints it, within 79 columns: the name with its type, bounds
   * and default, then what it means.
   */
  public static List<String> help() {
    List<String> lines = new ArrayList<>();
    for (Key key : TABLE) {
      String typeAndDefault = key.typeAndBounds() + " (" + key.shownDefault() + ")";
      String oneLine = String.format("  %-36s %s", key.name(), typeAndDefault);
      if (oneLine.length() <= HELP_WIDTH) {
        lines.add(oneLine);
      } else {
        lines.add("  " + key.name());
        lines.addAll(wrap(typeAndDefault));
      }
      lines.addAll(wrap(key.description()));
    }
    return lines;
  }

  private static final int HELP_WIDTH = 79;

  private static List<String> wrap(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder("     ");
    for (String word : text.split(" ")) {
      if (line.length() + 1 + word.length() > HELP_WIDTH && line.length() > 5) {
        lines.add(line.toString());
        line = new StringBuilder("     ");
      }
      line.append(' ').append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /** One problem per unknown {@code MEDIAKEEP_*} variable, with the closest known key. */
  static List<String> unknown(Map<String, String> vars) {
    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(vars.keySet())) {
      if (!name.startsWith(PREFIX) || ALL.containsKey(name) || serviceLink(name, vars.get(name))) {
        continue;
      }
      problems.add(
          name
              + " is not a mediakeep setting (did you mean "
              + closest(name)
              + "?); see `mediakeep run --help` or the README's configuration table");
    }
    return problems;
  }

  private static boolean serviceLink(String name, String value) {
    if (SERVICE_LINK.matcher(name).matches()) {
      return true;
    }
    // {NAME}_PORT=tcp://10.0.0.1:9400, the Docker-link style variable of the same Service.
    return name.endsWith("_PORT") && value != null && SERVICE_LINK_URL.matcher(value).matches();
  }

  static String closest(String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String key : new TreeSet<>(ALL.keySet())) {
      int d = distance(name, key);
      if (d < bestDistance) {
        best = key;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
