package io.mediakeep.worker.local;

import io.mediakeep.worker.Worker;
import io.mediakeep.worker.cli.Shutdown;
import io.mediakeep.worker.config.Keys;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.db.Database;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mediakeep local}: Kafka, PostgreSQL, S3 and the worker on this machine, one process. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the whole pipeline on this machine in one process: a Kafka broker",
      "(KRaft), PostgreSQL, an S3 server, the topics, buckets and schema, then the",
      "worker. Data is kept under --data-dir, so a restart keeps what was stored.",
      "Ctrl-C stops it."
    })
public final class LocalCommand implements Callable<Integer> {

  @Option(
      names = "--no-worker",
      description = "Start the stack only, for separate `run` processes.")
  boolean noWorker;

  @Option(
      names = "--demo",
      paramLabel = "N",
      description =
          "Serve N sample images from a loopback server, publish N events, print each outcome.")
  int demo;

  @Option(names = "--exit-after-demo", description = "Stop once the demo has finished.")
  boolean exitAfterDemo;

  @Option(
      names = "--data-dir",
      defaultValue = ".mediakeep",
      description = "Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--kafka-port", defaultValue = "19092", description = "Default: ${DEFAULT-VALUE}")
  int kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      defaultValue = "19093",
      description = "Default: ${DEFAULT-VALUE}")
  int kafkaControllerPort;

  @Option(
      names = "--postgres-port",
      defaultValue = "15432",
      description = "Default: ${DEFAULT-VALUE}")
  int postgresPort;

  @Option(names = "--s3-port", defaultValue = "19000", description = "Default: ${DEFAULT-VALUE}")
  int s3Port;

  @Option(
      names = "--http-port",
      defaultValue = "9400",
      description = "Worker endpoints. Default: ${DEFAULT-VALUE}")
  int httpPort;

  @Option(
      names = "--partitions",
      defaultValue = "12",
      description = "Partitions of new topics. Default: ${DEFAULT-VALUE}")
  int partitions;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Shutdown shutdown = new Shutdown();
    long start = System.nanoTime();
    out.println(
        "mediakeep local: starting Kafka, PostgreSQL and S3 under " + dataDir.toAbsolutePath());
    try (LocalStack stack =
            LocalStack.start(
                new LocalStack.Ports(kafkaPort, kafkaControllerPort, postgresPort, s3Port),
                dataDir,
                partitions);
        SourceServer source = demo > 0 ? new SourceServer() : null) {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.putAll(stack.workerEnv());
      env.put(Keys.HTTP_PORT.name(), Integer.toString(httpPort));
      if (source != null) {
        env.put(Keys.FETCH_SCHEMES.name(), "https,http");
        String allow = env.getOrDefault(Keys.FETCH_ALLOW.name(), "");
        env.put(
            Keys.FETCH_ALLOW.name(),
            allow.isBlank() ? source.allowEntry() : allow + "," + source.allowEntry());
      }
      WorkerConfig config = WorkerConfig.fromEnv(env);
      Worker worker = null;
      try {
        if (noWorker) {
          try (Database db = Database.connect(config.db(), null)) {
            db.migrate();
          }
        } else {
          worker = Worker.start(config);
          worker.stopped().whenComplete((ok, failure) -> shutdown.release());
        }
        printEndpoints(out, stack, worker, (System.nanoTime() - start) / 1_000_000);
        if (source != null) {
          new Demo(stack.kafkaBootstrap(), source, out).run(demo, Duration.ofMinutes(5));
          if (exitAfterDemo) {
            return 0;
          }
        }
        out.println("Ctrl-C to stop.");
        shutdown.await();
      } finally {
        if (worker != null) {
          worker.close();
        }
      }
      if (worker != null && worker.stopped().isCompletedExceptionally()) {
        System.err.println("mediakeep local: the worker stopped on a failure (see the log above)");
        return 1;
      }
    }
    return 0;
  }

  private static void printEndpoints(PrintStream out, LocalStack stack, Worker worker, long ms) {
    out.printf("mediakeep local: ready in %.1f s%n", ms / 1000.0);
    out.println(
        "  Kafka       "
            + stack.kafkaBootstrap()
            + "   (topics media.generated.v1, media.asset-stored.v1, media.asset-rejected.v1,"
            + " media.asset-commands.v1, media.asset-lifecycle.v1)");
    out.println(
        "  PostgreSQL  "
            + stack.jdbcUrl()
            + "   (worker "
            + EmbeddedPostgresServer.WORKER_USER
            + "/"
            + EmbeddedPostgresServer.WORKER_PASSWORD
            + ", owner "
            + EmbeddedPostgresServer.OWNER_USER
            + "/"
            + EmbeddedPostgresServer.OWNER_PASSWORD
            + ", app "
            + EmbeddedPostgresServer.APP_USER
            + "/"
            + EmbeddedPostgresServer.APP_PASSWORD
            + ")");
    out.println(
        "  S3          "
            + stack.s3Endpoint()
            + "   (access key "
            + EmbeddedS3.ACCESS_KEY
            + ", secret "
            + EmbeddedS3.SECRET_KEY
            + ", region us-east-1; buckets mediakeep-project, mediakeep-workspace,"
            + " mediakeep-library)");
    if (worker != null) {
      String base = "http://127.0.0.1:" + worker.httpPort();
      out.println(
          "  Worker      "
              + base
              + "/metrics  "
              + base
              + "/health/live  "
              + base
              + "/health/ready");
    } else {
      out.println(
          "  Worker      not started (--no-worker): run `java -jar worker/target/mediakeep.jar run`");
    }
  }
}
