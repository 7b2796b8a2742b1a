package io.mediakeep.bench;

import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.local.EmbeddedPostgresServer;
import io.mediakeep.worker.local.EmbeddedS3;
import io.mediakeep.worker.local.LocalStack;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * The benchmark: one command that starts the local stack and a loopback image source, runs each arm
 * on the same servers and data (the copy floor, mediakeep, the seed flow and the framework peer),
 * then the scenarios beyond the steady run, and writes the report and its charts.
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
  private final Path benchJar;
  private final Path workerJar;
  private LocalStack stack;
  private Source source;
  private Traffic traffic;
  private List<Images.Image> images;

  Bench(Options options, PrintStream log) throws IOException {
    this.options = options;
    this.log = log;
    this.work = Files.createTempDirectory("mediakeep-bench-");
    this.benchJar = options.benchJar();
    this.workerJar = options.workerJar();
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
    stack = LocalStack.start(LocalStack.Ports.EPHEMERAL, work.resolve("stack"), PARTITIONS);
    try (LocalStack owned = stack;
        Source src = new Source();
        Traffic t = new Traffic(stack.kafkaBootstrap())) {
      source = src;
      traffic = t;
      migrate();
      for (int run = 1; run <= options.runs(); run++) {
        for (String arm : options.arms()) {
          log.printf(
              "run %d/%d: %s, %d events at full speed%n",
              run, options.runs(), arm, options.events());
          Result result = runArm(arm, "r" + run, options.events(), 0, Shape.STEADY);
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
          log.printf("half load: %s at %.1f events/s%n", arm, half);
          Result result = runArm(arm, "half", options.events(), half, Shape.STEADY);
          log.println("  " + result.summary());
          report.half(result);
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
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
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

  /** What a run asks of its workload. */
  enum Shape {
    STEADY,
    SLOW_SOURCES,
    /** Every source answers after 50 ms, as a CDN in another region does. */
    REMOTE_SOURCES,
  }

  Result runArm(String arm, String label, int events, double perSecond, Shape shape)
      throws Exception {
    emptyBuckets();
    String id = arm + "-" + label + "-" + Long.toString(System.nanoTime(), 36);
    Workload workload =
        Workload.create(
            id,
            events,
            images,
            source,
            switch (shape) {
              case STEADY -> 0;
              case SLOW_SOURCES -> 100;
              case REMOTE_SOURCES -> 1;
            },
            switch (shape) {
              case STEADY -> Duration.ZERO;
              case SLOW_SOURCES -> Duration.ofSeconds(20);
              case REMOTE_SOURCES -> Duration.ofMillis(50);
            });
    if (arm.equals(FLOOR)) {
      return runFloor(id, workload);
    }
    String input = id + ".in";
    String output = id + ".out";
    traffic.createTopics(PARTITIONS, input, output, id + ".rejected");
    try (ArmProcess process = startArm(arm, id, id, input, output, 0)) {
      traffic.awaitAssigned(id, PARTITIONS, Duration.ofSeconds(90));
      return measure(
          arm,
          label,
          workload,
          input,
          output,
          perSecond,
          List.of(process),
          shape == Shape.SLOW_SOURCES);
    }
  }

  /** Publishes the workload, waits for every output, and measures the processes. */
  Result measure(
      String arm,
      String label,
      Workload workload,
      String input,
      String output,
      double perSecond,
      List<ArmProcess> processes,
      boolean withoutSlow)
      throws Exception {
    String rejectedTopic = arm.equals(MEDIAKEEP) ? processes.getFirst().rejectedTopic() : null;
    try (Traffic.Outputs outputs = traffic.outputs(output, rejectedTopic)) {
      // A long-running worker meets a burst warm: a few events first, not measured.
      Workload warm = Workload.create(input + "-warm", warmup(), images, source, 0, Duration.ZERO);
      traffic.publish(input, warm.events(), 0);
      if (outputs.await(warm.events().size(), options.timeout()) < warm.events().size()) {
        throw new IllegalStateException(arm + " did not get through its warm-up; see its log");
      }
      Cpu idleStart = Cpu.read(processes);
      Thread.sleep(3000);
      Cpu idle = Cpu.read(processes).minus(idleStart);
      log.printf(
          "  idle for 3 s: the arm used %.0f%% of a core, this JVM %.0f%%, PostgreSQL %.0f%%%n",
          idle.arms() / 3 * 100, idle.harness() / 3 * 100, idle.postgres() / 3 * 100);
      long before = source.requests();
      Cpu cpuBefore = Cpu.read(processes);
      Map<String, Long> sent = traffic.publish(input, workload.events(), perSecond);
      // With slow sources, only the others are awaited: a source slower than the idle deadline
      // ends as a rejection after its retries, which is not what is measured here.
      long awaited = workload.events().stream().filter(e -> !withoutSlow || !e.slow()).count();
      int expected = warm.events().size() + (int) awaited;
      int seen = outputs.await(expected, options.timeout()) - warm.events().size();
      if (!outputs.rejected().isEmpty()) {
        log.printf("  %d rejected (see the arm's log)%n", outputs.rejected().size());
      }
      if (seen + outputs.rejected().size() < awaited) {
        log.printf("  only %d of %d outputs within %s%n", seen, awaited, options.timeout());
      }
      Cpu cpu = Cpu.read(processes).minus(cpuBefore);
      for (ArmProcess process : processes) {
        if (process.metricsPort() > 0) {
          log.println("  where the time goes: " + stages(process.metricsPort()));
        }
      }
      double heap = processes.stream().mapToDouble(ArmProcess::peakHeapMib).max().orElse(-1);
      double rss = processes.stream().mapToDouble(ArmProcess::peakRssMib).max().orElse(-1);
      return Result.of(
              arm,
              label,
              workload,
              sent,
              outputs.seen(),
              heap,
              rss,
              source.requests() - before,
              withoutSlow)
          .withCpu(cpu);
    }
  }

  /** Events each arm handles before it is measured. */
  int warmup() {
    return options.quick() ? 10 : 100;
  }

  /** Starts one arm process consuming {@code input} in group {@code group}. */
  ArmProcess startArm(
      String arm, String name, String group, String input, String output, int httpPort)
      throws IOException {
    return startArm(arm, name, group, input, output, httpPort, List.of());
  }

  /** As above, with extra JVM options for the arm (a fixed {@code -Xmx}, say). */
  ArmProcess startArm(
      String arm,
      String name,
      String group,
      String input,
      String output,
      int httpPort,
      List<String> jvmOptions)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    List<String> main;
    int port = httpPort == 0 ? freePort() : httpPort;
    if (arm.equals(MEDIAKEEP)) {
      env.putAll(stack.workerEnv());
      env.put("MEDIAKEEP_KAFKA_GROUP", group);
      env.put("MEDIAKEEP_TOPIC_INPUT", input);
      env.put("MEDIAKEEP_TOPIC_STORED", output);
      env.put("MEDIAKEEP_TOPIC_REJECTED", group + ".rejected");
      env.put("MEDIAKEEP_FETCH_SCHEMES", "http");
      env.put("MEDIAKEEP_FETCH_ALLOW", source.allowEntry());
      env.put("MEDIAKEEP_DB_MIGRATE", "false");
      env.put("MEDIAKEEP_HTTP_PORT", Integer.toString(port));
      env.put("MEDIAKEEP_SPOOL_DIR", work.resolve("spool").toString());
      main = List.of("-jar", workerJar.toString(), "run");
    } else {
      env.putAll(armEnv(group, input, output));
      String mainClass =
          switch (arm) {
            case SEED -> "io.mediakeep.bench.arms.SeedFlowArm";
            case PEER -> "io.mediakeep.bench.arms.CamelPeer";
            default -> throw new IllegalArgumentException("no arm " + arm);
          };
      main = List.of("-cp", benchJar.toString(), mainClass);
    }
    List<String> jvm = new ArrayList<>(jvmOptions);
    if (options.profile()) {
      jvm.add(
          "-XX:StartFlightRecording:filename="
              + work.resolve("logs").resolve(name + ".jfr")
              + ",settings=profile");
    }
    ArmProcess process = ArmProcess.start(name, work.resolve("logs"), jvm, main, env);
    return arm.equals(MEDIAKEEP)
        ? process.withMetricsPort(port).withRejectedTopic(group + ".rejected")
        : process;
  }

  private Map<String, String> armEnv(String group, String input, String output) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("BENCH_KAFKA_BOOTSTRAP", stack.kafkaBootstrap());
    env.put("BENCH_INPUT_TOPIC", input);
    env.put("BENCH_OUTPUT_TOPIC", output);
    env.put("BENCH_GROUP", group);
    env.put("BENCH_DB_URL", stack.jdbcUrl());
    env.put("BENCH_DB_USER", EmbeddedPostgresServer.WORKER_USER);
    env.put("BENCH_DB_PASSWORD", EmbeddedPostgresServer.WORKER_PASSWORD);
    env.put("BENCH_S3_ENDPOINT", stack.s3Endpoint().toString());
    env.put("BENCH_S3_ACCESS_KEY", EmbeddedS3.ACCESS_KEY);
    env.put("BENCH_S3_SECRET_KEY", EmbeddedS3.SECRET_KEY);
    env.put("BENCH_BUCKET", LocalStack.PROJECT_BUCKET);
    env.put("BENCH_CONCURRENCY", "256");
    return env;
  }

  private Result runFloor(String id, Workload workload) throws Exception {
    Path urls = work.resolve(id + ".urls");
    List<String> lines = new ArrayList<>();
    Workload warm = Workload.create(id + "-warm", warmup(), images, source, 0, Duration.ZERO);
    for (Workload.Event event : warm.events()) {
      lines.add(source.url(event.path()) + "\t" + event.key());
    }
    for (Workload.Event event : workload.events()) {
      lines.add(source.url(event.path()) + "\t" + event.key());
    }
    Files.write(urls, lines);
    Map<String, String> env = armEnv(id, "-", "-");
    env.put("BENCH_URLS", urls.toString());
    env.put("BENCH_WARMUP", Integer.toString(warmup()));
    try (ArmProcess process =
        ArmProcess.start(
            id,
            work.resolve("logs"),
            List.of(),
            List.of("-cp", benchJar.toString(), "io.mediakeep.bench.arms.FloorArm"),
            env)) {
      int exit = process.awaitExit(options.timeout().toSeconds());
      String line =
          Files.readAllLines(process.output()).stream()
              .filter(l -> l.startsWith("FLOOR "))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the floor arm printed no result (exit "
                              + exit
                              + "); see "
                              + process.output()));
      String[] parts = line.split(" ");
      return Result.floor(
          id,
          workload.events().size(),
          Integer.parseInt(parts[1]),
          Long.parseLong(parts[2]),
          Long.parseLong(parts[3]),
          process.peakHeapMib(),
          process.peakRssMib(),
          Long.parseLong(parts[4]) / 1e9);
    }
  }

  /** Mean time per event of each step of a mediakeep worker, from its /metrics. */
  static String stages(int port) {
    StringBuilder out = new StringBuilder();
    try {
      for (String stage : List.of("fetch", "store", "record", "publish", "end_to_end")) {
        double count = metric(port, "mediakeep_" + stage + "_seconds_count");
        double sum = metric(port, "mediakeep_" + stage + "_seconds_sum");
        out.append(
            String.format(
                "%s %.1f ms (%.0f), ", stage, count == 0 ? 0 : sum / count * 1000, count));
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      out.append("metrics unavailable: ").append(e.getMessage());
    }
    return out.toString();
  }

  /** Reads one counter of a worker's /metrics, summed over its labels. */
  static double metric(int httpPort, String name) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    double sum = 0;
    for (String line : response.body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Waits until a worker answers 200 on /health/ready. */
  static void awaitReady(int httpPort, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpClient client = HttpClient.newHttpClient();
    while (System.nanoTime() < deadline) {
      try {
        int status =
            client
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException("worker on port " + httpPort + " not ready in " + timeout);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
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
}
