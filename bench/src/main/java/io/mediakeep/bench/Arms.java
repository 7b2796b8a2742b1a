package io.mediakeep.bench;

import io.mediakeep.bench.arms.CamelPeer;
import io.mediakeep.bench.arms.FloorArm;
import io.mediakeep.bench.arms.SeedFlowArm;
import io.mediakeep.worker.local.EmbeddedPostgresServer;
import io.mediakeep.worker.local.EmbeddedS3;
import io.mediakeep.worker.local.LocalStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arms as processes: a mediakeep worker from its jar, the seed flow and the Camel peer from the
 * bench jar, each a JVM of its own on the same stack; and the copy floor, which reads its URLs from
 * a file and prints one result line.
 */
final class Arms {

  private final Options options;
  private final LocalStack stack;
  private final Source source;
  private final Path work;
  private final List<Images.Image> images;

  Arms(Options options, LocalStack stack, Source source, Path work, List<Images.Image> images) {
    this.options = options;
    this.stack = stack;
    this.source = source;
    this.work = work;
    this.images = images;
  }

  /** Starts one arm process consuming {@code input} in group {@code group}. */
  ArmProcess start(String arm, String name, String group, String input, String output, int httpPort)
      throws IOException {
    return start(arm, name, group, input, output, httpPort, List.of());
  }

  /** As above, with extra JVM options for the arm (a fixed {@code -Xmx}, say). */
  ArmProcess start(
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
    if (arm.equals(Bench.MEDIAKEEP)) {
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
      main = List.of("-jar", options.workerJar().toString(), "run");
    } else {
      env.putAll(armEnv(group, input, output));
      String mainClass =
          switch (arm) {
            case Bench.SEED -> SeedFlowArm.class.getName();
            case Bench.PEER -> CamelPeer.class.getName();
            default -> throw new IllegalArgumentException("no arm " + arm);
          };
      main = List.of("-cp", options.benchJar().toString(), mainClass);
    }
    List<String> jvm = new ArrayList<>(jvmOptions);
    if (options.profile()) {
      jvm.add(
          "-XX:StartFlightRecording:filename="
              + work.resolve("logs").resolve(name + ".jfr")
              + ",settings=profile");
    }
    ArmProcess process = ArmProcess.start(name, work.resolve("logs"), jvm, main, env);
    return arm.equals(Bench.MEDIAKEEP)
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

  /** Starts the copy floor, which waits for the files of URLs to copy on its standard input. */
  ArmProcess startFloor(String name) throws IOException {
    List<String> jvm = new ArrayList<>();
    if (options.profile()) {
      jvm.add(
          "-XX:StartFlightRecording:filename="
              + work.resolve("logs").resolve(name + ".jfr")
              + ",settings=profile");
    }
    return ArmProcess.start(
        name,
        work.resolve("logs"),
        jvm,
        List.of("-cp", options.benchJar().toString(), FloorArm.class.getName()),
        armEnv(name, "-", "-"));
  }

  /**
   * Has the floor copy the workload's sources after {@code warm} warm-up copies of others, as the
   * other arms handle their warm-up events before they are measured.
   */
  Result runFloor(ArmProcess floor, String id, Workload workload, int warm) throws Exception {
    Path urls = work.resolve(id + ".urls");
    List<String> lines = new ArrayList<>();
    Workload warmup = Workload.create(id + "-warm", warm, images, source, Sources.LOOPBACK);
    for (Workload.Event event : warmup.events()) {
      lines.add(source.url(event.path()) + "\t" + event.key());
    }
    for (Workload.Event event : workload.events()) {
      lines.add(source.url(event.path()) + "\t" + event.key());
    }
    Files.write(urls, lines);
    floor.send(id + " " + urls + " " + warm);
    String[] parts = floor.awaitLine("FLOOR " + id + " ", options.timeout()).split(" ");
    Files.delete(urls);
    return Result.floor(
        id,
        workload.events().size(),
        Integer.parseInt(parts[2]),
        Long.parseLong(parts[3]),
        Long.parseLong(parts[4]),
        floor.peakHeapMib(),
        floor.peakRssMib(),
        Long.parseLong(parts[5]) / 1e9,
        Long.parseLong(parts[6]) / 1e9);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
