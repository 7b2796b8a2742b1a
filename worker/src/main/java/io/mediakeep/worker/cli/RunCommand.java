package io.mediakeep.worker.cli;

import io.mediakeep.worker.Worker;
import io.mediakeep.worker.config.WorkerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mediakeep run}: the worker, configured from the environment. Its help lists every key of
 * {@link io.mediakeep.worker.config.Keys}, set by {@link Main}.
 */
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
    footerHeading = "%nEnvironment (type, default in parentheses; README.md has the same table):%n")
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
