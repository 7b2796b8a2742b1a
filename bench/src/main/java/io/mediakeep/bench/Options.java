package io.mediakeep.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The command line of the benchmark. */
record Options(
    int events,
    int runs,
    List<String> arms,
    List<String> scenarios,
    Path report,
    boolean quick,
    boolean help,
    boolean profile,
    Path benchJar,
    Path workerJar,
    Duration timeout,
    String largeHeap,
    Duration warmup) {

  static final String USAGE =
      """
      usage: java -jar bench/target/mediakeep-bench.jar [options]
        --events N         events per run (2000)
        --runs N           runs per arm at full speed, for median, min and max (3)
        --arms LIST        floor,mediakeep,seed,peer (all)
        --scenarios LIST   provider,slow,redelivery,scale,large (all); "none" for none
        --report PATH      where the report goes (docs/performance.md); charts go beside it
        --quick            a smoke run: 40 events, 1 run, small images, no scenarios,
                           report to bench/target/performance-smoke.md
        --worker-jar PATH  the mediakeep jar (worker/target/mediakeep.jar)
        --timeout DURATION how long one run may take (15m)
        --warmup DURATION  how long each arm's process handles events at full speed after it
                           starts, before its first measured run (60s; 0s with --quick): a
                           long-running JVM has compiled its hot code, a fresh one has not
        --profile          record each arm with Java Flight Recorder (logs/NAME.jfr in the
                           work directory)
        --large-heap SIZE  the -Xmx of the second large-file run (128m); the first runs with
                           the JVM's default heap
      Everything runs on this machine, on loopback: Kafka, PostgreSQL and S3 of the local
      stack, an HTTP source of fixed images, and each arm as a JVM of its own that serves
      all of its runs.
      """;

  private static final Set<String> ARMS = Set.of("floor", "mediakeep", "seed", "peer");
  private static final Set<String> SCENARIOS =
      Set.of("slow", "large", "redelivery", "scale", "provider");

  static Options parse(String[] args) {
    int events = 2000;
    int runs = 3;
    List<String> arms = List.of("floor", "mediakeep", "seed", "peer");
    List<String> scenarios = List.of("provider", "slow", "redelivery", "scale", "large");
    Path report = Path.of("docs", "performance.md");
    boolean quick = false;
    boolean help = false;
    boolean profile = false;
    Path workerJar = Path.of("worker", "target", "mediakeep.jar");
    Duration timeout = Duration.ofMinutes(15);
    String largeHeap = "128m";
    Duration warmup = Duration.ofSeconds(60);
    boolean warmupSet = false;
    boolean eventsSet = false;
    boolean reportSet = false;
    boolean scenariosSet = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--events" -> {
          events = positive(arg, value(args, ++i, arg));
          eventsSet = true;
        }
        case "--runs" -> runs = positive(arg, value(args, ++i, arg));
        case "--arms" -> arms = list(value(args, ++i, arg), ARMS, arg);
        case "--scenarios" -> {
          String v = value(args, ++i, arg);
          scenarios = v.equals("none") ? List.of() : list(v, SCENARIOS, arg);
          scenariosSet = true;
        }
        case "--report" -> {
          report = Path.of(value(args, ++i, arg));
          reportSet = true;
        }
        case "--worker-jar" -> workerJar = Path.of(value(args, ++i, arg));
        case "--timeout" -> timeout = duration(arg, value(args, ++i, arg));
        case "--warmup" -> {
          warmup = duration(arg, value(args, ++i, arg));
          warmupSet = true;
        }
        case "--large-heap" -> {
          largeHeap = value(args, ++i, arg).toLowerCase(Locale.ROOT);
          if (!largeHeap.matches("[1-9][0-9]*[kmg]")) {
            throw new IllegalArgumentException(
                "--large-heap takes a heap size such as 128m or 1g, not " + largeHeap);
          }
        }
        case "--quick" -> quick = true;
        case "--profile" -> profile = true;
        case "-h", "--help" -> help = true;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (quick) {
      events = eventsSet ? events : 40;
      runs = 1;
      scenarios = scenariosSet ? scenarios : List.of();
      report = reportSet ? report : Path.of("bench", "target", "performance-smoke.md");
      warmup = warmupSet ? warmup : Duration.ZERO;
    }
    Path benchJar = location();
    if (!help && !Files.isRegularFile(workerJar)) {
      throw new IllegalArgumentException(
          workerJar + " not found: build it first (./mvnw -pl bench -am package -DskipTests)");
    }
    return new Options(
        events, runs, arms, scenarios, report, quick, help, profile, benchJar, workerJar, timeout,
        largeHeap, warmup);
  }

  /** A duration such as 90s, 15m or 1h. */
  private static Duration duration(String option, String value) {
    try {
      return Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " takes a duration such as 60s or 15m, not " + value);
    }
  }

  /**
   * The bench jar, whose manifest names its libraries: the arms run from it. When this class was
   * loaded from target/classes (a test), the jar beside that directory.
   */
  private static Path location() {
    try {
      Path here =
          Path.of(Options.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(here) ? here.resolveSibling("mediakeep-bench.jar") : here;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw new IllegalArgumentException(option + " must be at least 1");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, not " + value, e);
    }
  }

  private static List<String> list(String value, Set<String> allowed, String option) {
    List<String> items = List.of(value.split(","));
    for (String item : items) {
      if (!allowed.contains(item)) {
        throw new IllegalArgumentException(
            option + ": unknown " + item + " (known: " + allowed + ")");
      }
    }
    return items;
  }

  @Override
  public String toString() {
    return events
        + " events, "
        + runs
        + " run(s), arms "
        + arms
        + ", scenarios "
        + scenarios
        + ", warm-up "
        + warmup.toSeconds()
        + " s per arm";
  }
}
