package io.mediakeep.worker.cli;

import io.mediakeep.worker.Worker;
import io.mediakeep.worker.config.WorkerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mediakeep run}: the worker, configured from the environment. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the worker: consumes image/video-generated events, stores each file in S3,",
      "records it in PostgreSQL and publishes asset-stored or asset-rejected events;",
      "consumes promote, delete and purge commands and publishes lifecycle events;",
      "sweeps expired workspace assets every MEDIAKEEP_SWEEP_INTERVAL.",
      "With no configuration it connects to the stack of `mediakeep local`."
    },
    footerHeading = "%nEnvironment (defaults in parentheses):%n",
    footer = {
      "  MEDIAKEEP_KAFKA_BOOTSTRAP      (127.0.0.1:19092)",
      "  MEDIAKEEP_KAFKA_GROUP          (mediakeep)",
      "  MEDIAKEEP_KAFKA_GROUP_PROTOCOL (classic, or consumer)",
      "  MEDIAKEEP_KAFKA_INSTANCE_ID    (unset; static membership)",
      "  MEDIAKEEP_KAFKA_SESSION_TIMEOUT (45s; classic only)",
      "  MEDIAKEEP_TOPIC_INPUT / _STORED / _REJECTED",
      "  MEDIAKEEP_COMMANDS_TOPIC / MEDIAKEEP_LIFECYCLE_TOPIC",
      "                   (media.asset-commands.v1 / media.asset-lifecycle.v1)",
      "  MEDIAKEEP_DB_URL               (jdbc:postgresql://127.0.0.1:15432/mediakeep)",
      "  MEDIAKEEP_DB_USER / _PASSWORD  (mediakeep / mediakeep)",
      "  MEDIAKEEP_DB_MIGRATE_USER / _MIGRATE_PASSWORD",
      "                                 (unset: MEDIAKEEP_DB_USER's)",
      "  MEDIAKEEP_DB_POOL_SIZE         (16)",
      "  MEDIAKEEP_DB_MIGRATE           (true)",
      "  MEDIAKEEP_S3_ENDPOINT          (http://127.0.0.1:19000; empty for AWS)",
      "  MEDIAKEEP_S3_REGION            (us-east-1)",
      "  MEDIAKEEP_S3_ACCESS_KEY / _SECRET_KEY / _PATH_STYLE",
      "  MEDIAKEEP_BUCKET_PROJECT / _WORKSPACE",
      "                                 (mediakeep-project / mediakeep-workspace)",
      "  MEDIAKEEP_LIBRARY_BUCKET       (mediakeep-library)",
      "  MEDIAKEEP_WORKSPACE_RETENTION  (7d)",
      "  MEDIAKEEP_SWEEP_INTERVAL       (10m; 0 = off)",
      "  MEDIAKEEP_SWEEP_BATCH          (500)",
      "  MEDIAKEEP_PUBLIC_BASE_URL      (unset: events carry no url)",
      "  MEDIAKEEP_HTTP_HOST / _PORT    (127.0.0.1 / 9400)",
      "  MEDIAKEEP_MAX_IN_FLIGHT        (256)",
      "  MEDIAKEEP_MAX_IN_FLIGHT_PER_HOST (half of MEDIAKEEP_MAX_IN_FLIGHT)",
      "  MEDIAKEEP_FETCH_SCHEMES        (https)",
      "  MEDIAKEEP_FETCH_ALLOW          (none; host:port or CIDR exemptions)",
      "  MEDIAKEEP_FETCH_CONNECT_TIMEOUT / _IDLE_TIMEOUT / _TOTAL_TIMEOUT",
      "                                 (5s / 15s / 120s)",
      "  MEDIAKEEP_FETCH_MIN_RATE / _RATE_WINDOW (64KiB / 10s; 0 = off)",
      "  MEDIAKEEP_MAX_IMAGE_BYTES / _VIDEO_BYTES (10MiB / 1GiB)",
      "  MEDIAKEEP_MAX_PIXELS           (100000000)",
      "  MEDIAKEEP_VIDEO_MAX_DURATION   (2h)",
      "  MEDIAKEEP_MULTIPART_THRESHOLD / _PART_SIZE (64MiB / 16MiB)",
      "  MEDIAKEEP_SHUTDOWN_TIMEOUT     (30s)",
      "  MEDIAKEEP_LOG_FORMAT           (text, or json)",
      "See README.md for the full list."
    })
public final class RunCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    WorkerConfig config = WorkerConfig.fromEnv(System.getenv());
    Shutdown shutdown = new Shutdown(config.pipeline().shutdownTimeout());
    Worker worker;
    try {
      worker = Worker.start(config);
    } catch (Exception e) {
      if (shutdown.signalled()) {
        System.err.println("mediakeep: stopped during start-up");
        return 0;
      }
      throw e;
    }
    try (worker) {
      shutdown.started();
      worker.stopped().whenComplete((ok, failure) -> shutdown.release());
      shutdown.await();
    }
    if (worker.stopped().isCompletedExceptionally()) {
      System.err.println(
          "mediakeep: the worker stopped on a failure (see the log above); its unfinished events"
              + " will be delivered again");
      return 1;
    }
    return 0;
  }
}
