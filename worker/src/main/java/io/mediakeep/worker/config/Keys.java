package io.mediakeep.worker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every {@code MEDIAKEEP_*} environment variable any command reads. A variable with the prefix that
 * is not one of them is a typo, and a typo would otherwise fall back silently to a default (a
 * localhost address, say), so it is a configuration error naming the closest known key. The
 * variables Kubernetes injects for a Service named {@code mediakeep} or {@code mediakeep-*} ({@code
 * MEDIAKEEP_SERVICE_HOST}, {@code MEDIAKEEP_PORT_9400_TCP}, ...) are not keys and pass. {@code
 * KeysTest} holds this list, the code and the README's configuration table together.
 */
public final class Keys {

  public static final Set<String> ALL =
      Set.copyOf(
          List.of(
              "MEDIAKEEP_BACKFILL_SOURCE_PASSWORD",
              "MEDIAKEEP_BACKFILL_SOURCE_USER",
              "MEDIAKEEP_BREAKER_INFRA_OPEN_FOR",
              "MEDIAKEEP_BREAKER_SOURCE_OPEN_FOR",
              "MEDIAKEEP_BUCKET_PROJECT",
              "MEDIAKEEP_BUCKET_WORKSPACE",
              "MEDIAKEEP_COMMANDS_TOPIC",
              "MEDIAKEEP_COMMIT_INTERVAL",
              "MEDIAKEEP_CRASH_AT",
              "MEDIAKEEP_DB_CONNECT_TIMEOUT",
              "MEDIAKEEP_DB_MIGRATE",
              "MEDIAKEEP_DB_MIGRATE_PASSWORD",
              "MEDIAKEEP_DB_MIGRATE_USER",
              "MEDIAKEEP_DB_PASSWORD",
              "MEDIAKEEP_DB_POOL_SIZE",
              "MEDIAKEEP_DB_URL",
              "MEDIAKEEP_DB_USER",
              "MEDIAKEEP_FETCH_ALLOW",
              "MEDIAKEEP_FETCH_CONNECT_TIMEOUT",
              "MEDIAKEEP_FETCH_HOSTS",
              "MEDIAKEEP_FETCH_IDLE_TIMEOUT",
              "MEDIAKEEP_FETCH_MAX_REDIRECTS",
              "MEDIAKEEP_FETCH_MIN_RATE",
              "MEDIAKEEP_FETCH_PORTS",
              "MEDIAKEEP_FETCH_RATE_WINDOW",
              "MEDIAKEEP_FETCH_SCHEMES",
              "MEDIAKEEP_FETCH_TOTAL_TIMEOUT",
              "MEDIAKEEP_HTTP_HOST",
              "MEDIAKEEP_HTTP_PORT",
              "MEDIAKEEP_KAFKA_BOOTSTRAP",
              "MEDIAKEEP_KAFKA_CLIENT_ID",
              "MEDIAKEEP_KAFKA_GROUP",
              "MEDIAKEEP_KAFKA_GROUP_PROTOCOL",
              "MEDIAKEEP_KAFKA_INSTANCE_ID",
              "MEDIAKEEP_KAFKA_MAX_POLL_INTERVAL",
              "MEDIAKEEP_KAFKA_SESSION_TIMEOUT",
              "MEDIAKEEP_LIBRARY_BUCKET",
              "MEDIAKEEP_LIFECYCLE_TOPIC",
              "MEDIAKEEP_LOG_FORMAT",
              "MEDIAKEEP_LOG_LEVEL",
              "MEDIAKEEP_MAX_FRAMES",
              "MEDIAKEEP_MAX_IMAGE_BYTES",
              "MEDIAKEEP_MAX_IN_FLIGHT",
              "MEDIAKEEP_MAX_IN_FLIGHT_PER_HOST",
              "MEDIAKEEP_MAX_PIXELS",
              "MEDIAKEEP_MAX_VIDEO_BYTES",
              "MEDIAKEEP_MULTIPART_PART_SIZE",
              "MEDIAKEEP_MULTIPART_THRESHOLD",
              "MEDIAKEEP_PUBLIC_BASE_URL",
              "MEDIAKEEP_PUBLIC_BASE_URL_LIBRARY",
              "MEDIAKEEP_PUBLIC_BASE_URL_WORKSPACE",
              "MEDIAKEEP_RETRY_ATTEMPTS",
              "MEDIAKEEP_RETRY_INITIAL_BACKOFF",
              "MEDIAKEEP_RETRY_MAX_BACKOFF",
              "MEDIAKEEP_S3_ACCESS_KEY",
              "MEDIAKEEP_S3_ENDPOINT",
              "MEDIAKEEP_S3_PATH_STYLE",
              "MEDIAKEEP_S3_REGION",
              "MEDIAKEEP_S3_SECRET_KEY",
              "MEDIAKEEP_SHUTDOWN_TIMEOUT",
              "MEDIAKEEP_SOURCE_OUTAGE_LIMIT",
              "MEDIAKEEP_SPOOL_DIR",
              "MEDIAKEEP_SPOOL_THRESHOLD",
              "MEDIAKEEP_SWEEP_BATCH",
              "MEDIAKEEP_SWEEP_INTERVAL",
              "MEDIAKEEP_TOPIC_INPUT",
              "MEDIAKEEP_TOPIC_REJECTED",
              "MEDIAKEEP_TOPIC_STORED",
              "MEDIAKEEP_VIDEO_MAX_DURATION",
              "MEDIAKEEP_WORKSPACE_RETENTION"));

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

  /** One problem per unknown {@code MEDIAKEEP_*} variable, with the closest known key. */
  static List<String> unknown(Map<String, String> vars) {
    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(vars.keySet())) {
      if (!name.startsWith(PREFIX) || ALL.contains(name) || serviceLink(name, vars.get(name))) {
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
    for (String key : new TreeSet<>(ALL)) {
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
