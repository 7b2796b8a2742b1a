package io.mediakeep.bench;

import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.local.EmbeddedPostgresServer;
import io.mediakeep.worker.local.LocalStack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * The benchmark: one command that starts the local stack and a loopback image source, runs each arm
 * on the same servers and data (the copy floor, mediakeep, the seed flow and the framework peer),
 * then the scenarios beyond the steady run, and writes the report and its charts. The arms'
 * processes are {@link Arms}, one measured run is {@link Measurement}, the tables {@link Report}
 * and the charts {@link Charts}.
 *
 * <pre>
 * java -jar bench/target/mediakeep-bench.jar [--events 2000] [--runs 3] [--arms floor,mediakeep,seed,peer]
 *     [--scenarios slow,large,redelivery,scale] [--report docs/performance.md] [--quick]
 * </pre>
 */
public final class Bench {

  static final int PARTITIONS = 12;
  static final String MEDIAKEEP = "mediakeep";
  static final String FLOOR = "floor";
  static final String SEED = "seed";
  static final String PEER = "peer";

  private final Options options;
  private final PrintStream log;
  private final Path work;
  private LocalStack stack;
  private long brokerPid;
  private Source source;
  private Traffic traffic;
  private List<Images.Image> images;
  private Measurement measurement;
  private Arms arms;

  Bench(Options options, PrintStream log) throws IOException {
    this.options = options;
    this.log = log;
    this.work = Files.createTempDirectory("mediakeep-bench-");
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("mediakeep-bench: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(Options.USAGE);
      return;
    }
    Report report = new Bench(options, System.out).run();
    System.out.println("report written to " + options.report());
    System.exit(report.complete() ? 0 : 1);
  }

  Report run() throws Exception {
    Report report = new Report(options, Machine.describe());
    log.printf("mediakeep-bench: %s; work directory %s%n", options, work);
    log.println("making the image set...");
    images = options.quick() ? Images.set(4, 1, 1) : Images.set(20, 4, 2);
    log.println("starting Kafka, PostgreSQL and S3...");
    try {
      measureAll(report);
    } finally {
      // The stored objects of a whole run are tens of GB; only the logs (and JFR files) stay.
      deleteTree(work.resolve("stack"));
      deleteTree(work.resolve("spool"));
      log.println("logs kept in " + work.resolve("logs"));
    }
    report.write(options.report());
    return report;
  }

  private void measureAll(Report report) throws Exception {
    try (BrokerProcess broker =
            BrokerProcess.start(
                options.benchJar(),
                work.resolve("stack").resolve("kafka"),
                work.resolve("logs"),
                options.profile());
        LocalStack owned =
            LocalStack.withBroker(
                broker.bootstrap(), LocalStack.Ports.EPHEMERAL, work.resolve("stack"), PARTITIONS);
        Source src = new Source();
        Traffic t = new Traffic(owned.kafkaBootstrap())) {
      stack = owned;
      brokerPid = broker.pid();
      source = src;
      traffic = t;
      measurement =
          new Measurement(
              options,
              log,
              traffic,
              source,
              images,
              brokerPid,
              () ->
                  PgActivity.read(
                      stack.jdbcUrl(),
                      EmbeddedPostgresServer.OWNER_USER,
                      EmbeddedPostgresServer.OWNER_PASSWORD));
      arms = new Arms(options, stack, source, work, measurement.warmup(), images);
      migrate();
      for (int run = 1; run <= options.runs(); run++) {
        for (String arm : options.arms()) {
          log.printf(
              "run %d/%d: %s, %d events at full speed%n",
              run, options.runs(), arm, options.events());
          Result result = runArm(arm, "r" + run, options.events(), 0, Sources.LOOPBACK);
          log.println("  " + result.summary());
          report.steady(result);
        }
      }
      double mediakeepRate = report.medianEventsPerSecond(MEDIAKEEP);
      if (mediakeepRate > 0) {
        double half = mediakeepRate / 2;
        for (String arm : options.arms()) {
          if (arm.equals(FLOOR)) {
            continue;
          }
          // mediakeep's tail is judged in every run, so it runs as many times as at full speed.
          int runs = arm.equals(MEDIAKEEP) ? options.runs() : 1;
          for (int run = 1; run <= runs; run++) {
            log.printf("half load: %s at %.1f events/s%n", arm, half);
            Result result = runArm(arm, "half" + run, options.events(), half, Sources.LOOPBACK);
            log.println("  " + result.summary());
            report.half(result);
          }
        }
      }
      Scenarios scenarios = new Scenarios(this, report, log);
      scenarios.run(options.scenarios());
    }
  }

  /**
   * Deletes every object in the local stack's buckets, so that the benchmark needs the disk of one
   * run rather than of all of them (a full benchmark stores about 20 GB).
   */
  void emptyBuckets() {
    try (S3Client s3 = stack.s3Client()) {
      for (String bucket : List.of(LocalStack.PROJECT_BUCKET, LocalStack.WORKSPACE_BUCKET)) {
        List<ObjectIdentifier> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
            .map(o -> ObjectIdentifier.builder().key(o.key()).build())
            .forEach(keys::add);
        for (int from = 0; from < keys.size(); from += 1000) {
          List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
          var errors =
              s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)))
                  .errors();
          if (!errors.isEmpty()) {
            throw new IllegalStateException(
                "could not empty "
                    + bucket
                    + ": "
                    + errors.size()
                    + " errors, first "
                    + errors.get(0));
          }
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private void migrate() {
    try (Database db =
        Database.connect(
            new DbSettings(
                stack.jdbcUrl(),
                EmbeddedPostgresServer.OWNER_USER,
                EmbeddedPostgresServer.OWNER_PASSWORD,
                2,
                Duration.ofSeconds(10)),
            null)) {
      db.migrate();
    }
  }

  Result runArm(String arm, String label, int events, double perSecond, Sources sources)
      throws Exception {
    emptyBuckets();
    String id = arm + "-" + label + "-" + Long.toString(System.nanoTime(), 36);
    Workload workload = Workload.create(id, events, images, source, sources);
    if (arm.equals(FLOOR)) {
      return arms.runFloor(id, workload);
    }
    String input = id + ".in";
    String output = id + ".out";
    traffic.createTopics(PARTITIONS, input, output, id + ".rejected");
    try (ArmProcess process = arms.start(arm, id, id, input, output, 0)) {
      traffic.awaitAssigned(id, PARTITIONS, Duration.ofSeconds(90));
      return measurement.measure(
          arm,
          label,
          workload,
          input,
          output,
          perSecond,
          List.of(process),
          sources.slowEvery() > 0);
    }
  }

  Source source() {
    return source;
  }

  Traffic traffic() {
    return traffic;
  }

  LocalStack stack() {
    return stack;
  }

  List<Images.Image> images() {
    return images;
  }

  Options options() {
    return options;
  }

  Measurement measurement() {
    return measurement;
  }

  Arms arms() {
    return arms;
  }
}
