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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** Events per batch of an arm's warm-up. */
  static final int WARMUP_BATCH = 500;

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
  private final Map<String, ArmProcess> resident = new LinkedHashMap<>();

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
      arms = new Arms(options, stack, source, work, images);
      migrate();
      try {
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
      } finally {
        // Before the stack they use goes away.
        stopResident();
      }
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

  /**
   * One run of an arm. The arm's long-running process serves it (started and warmed up on its first
   * run), except with slow sources: their retries outlast the run, so such a run gets a process of
   * its own, warmed up the same way, that stops with it.
   */
  Result runArm(String arm, String label, int events, double perSecond, Sources sources)
      throws Exception {
    String id = arm + "-" + label + "-" + Long.toString(System.nanoTime(), 36);
    boolean slow = sources.slowEvery() > 0;
    if (slow && !arm.equals(FLOOR)) {
      String input = id + ".in";
      String output = id + ".out";
      traffic.createTopics(PARTITIONS, input, output, id + ".rejected");
      try (ArmProcess process = arms.start(arm, id, id, input, output, 0)) {
        traffic.awaitAssigned(id, PARTITIONS, Duration.ofSeconds(90));
        warm(arm, List.of(process), input, output);
        return measurement.measure(
            arm,
            label,
            workload(id, events, sources),
            input,
            output,
            perSecond,
            List.of(process),
            true);
      }
    }
    ArmProcess process = resident(arm);
    if (arm.equals(FLOOR)) {
      return arms.runFloor(process, id, workload(id, events, sources), measurement.warmup());
    }
    return measurement.measure(
        arm,
        label,
        workload(id, events, sources),
        residentTopic(arm, "in"),
        residentTopic(arm, "out"),
        perSecond,
        List.of(process),
        slow);
  }

  /** A run's events, made once its arm is ready (they carry the time they were made). */
  private Workload workload(String id, int events, Sources sources) {
    emptyBuckets();
    return Workload.create(id, events, images, source, sources);
  }

  /** The arm's long-running process: started, and warmed up, on its first run. */
  private ArmProcess resident(String arm) throws Exception {
    ArmProcess process = resident.get(arm);
    if (process != null) {
      if (!process.alive()) {
        throw new IllegalStateException(arm + "'s process ended; see " + process.output());
      }
      return process;
    }
    String id = arm + "-resident";
    if (arm.equals(FLOOR)) {
      process = arms.startFloor(id);
    } else {
      String input = residentTopic(arm, "in");
      String output = residentTopic(arm, "out");
      traffic.createTopics(PARTITIONS, input, output, id + ".rejected");
      process = arms.start(arm, id, id, input, output, 0);
      traffic.awaitAssigned(id, PARTITIONS, Duration.ofSeconds(90));
    }
    resident.put(arm, process);
    warm(arm, List.of(process), residentTopic(arm, "in"), residentTopic(arm, "out"));
    return process;
  }

  private static String residentTopic(String arm, String suffix) {
    return arm + "-resident." + suffix;
  }

  /**
   * Has a freshly started arm handle batches of events at full speed until the warm-up time has
   * passed: a long-running process meets a burst with its hot code compiled, a fresh JVM spends a
   * good part of its cores compiling. Logs, for each batch, how much of the arm's CPU its JIT
   * compiler took. {@code input} and {@code output} are the arm's topics (unused for the floor).
   */
  void warm(String arm, List<ArmProcess> processes, String input, String output) throws Exception {
    long deadline = System.nanoTime() + options.warmup().toNanos();
    for (int batch = 1; System.nanoTime() < deadline; batch++) {
      String id = arm + "-warmup" + batch + "-" + Long.toString(System.nanoTime(), 36);
      Workload workload = workload(id, WARMUP_BATCH, Sources.LOOPBACK);
      Cpu before = Cpu.read(processes, brokerPid);
      long start = System.nanoTime();
      if (arm.equals(FLOOR)) {
        arms.runFloor(processes.getFirst(), id, workload, 0);
      } else {
        measurement.drive(arm, workload, input, output, processes.getFirst());
      }
      Cpu used = Cpu.read(processes, brokerPid).minus(before);
      log.printf(
          "  warm-up of %s, batch %d: %d events in %.1f s, its JIT compiler took %.0f%% of its"
              + " CPU%n",
          arm,
          batch,
          WARMUP_BATCH,
          (System.nanoTime() - start) / 1e9,
          used.arms() > 0 ? used.armsJit() / used.arms() * 100 : 0);
    }
  }

  /** Stops the arms' long-running processes. */
  private void stopResident() {
    for (ArmProcess process : resident.values()) {
      try {
        process.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    resident.clear();
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
