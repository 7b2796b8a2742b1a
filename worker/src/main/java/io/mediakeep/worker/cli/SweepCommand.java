package io.mediakeep.worker.cli;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.worker.Lifecycles;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.core.ExpiryLedger;
import io.mediakeep.worker.core.ExpirySweep;
import io.mediakeep.worker.core.LifecycleObserver;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.kafka.EventPublisher;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3ObjectStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code mediakeep sweep}: one run of the expiry sweep, as every worker makes on its own. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Removes the workspace assets past their expiry: deletes each object from S3,",
      "turns its row into a tombstone (its key is never stored again; readers never",
      "see it) and publishes one media.asset.expired event per asset. Where a removed",
      "asset was a scene's current version, the highest live version left becomes",
      "current. First it finishes removals an earlier run left (a crash, an outage).",
      "",
      "Every `run` worker sweeps on its own every MEDIAKEEP_SWEEP_INTERVAL; this runs",
      "one sweep now. Any number of sweeps may run at once: each asset is handled by",
      "one of them.",
      ""
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  the sweep ran to its end (or --dry-run)",
      "  1  PostgreSQL, S3 or Kafka failed; what was done stays done, run it again",
      "  2  bad options or configuration",
      "",
      "PostgreSQL, S3 and Kafka come from the same MEDIAKEEP_* environment as `run`."
    })
public final class SweepCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--dry-run",
      description =
          "Change nothing; print how many assets have expired, their bytes, and what an earlier run left.")
  boolean dryRun;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Expire at most N assets (oldest expiry first). Default: all that are due.")
  Long limit;

  private final Map<String, String> env;

  public SweepCommand() {
    this(System.getenv());
  }

  /** A sweep configured from {@code env} instead of the process environment; for tests. */
  public SweepCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
    }
    WorkerConfig config = WorkerConfig.fromEnv(env);
    if (config.pipeline().crashAt() != null) {
      config.pipeline().crashAt().arm();
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DbSettings db = config.db();
    DbSettings two = new DbSettings(db.url(), db.user(), db.password(), 2, db.connectionTimeout());
    Map<String, Object> producerConfig = config.kafka().producerConfig();
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, config.kafka().clientId() + "-sweep");
    try (Database database = Database.connect(two, null);
        S3Client s3 = S3Clients.create(config.s3(), 8);
        EventPublisher publisher = new EventPublisher(new KafkaProducer<>(producerConfig))) {
      Lifecycles lifecycles =
          Lifecycles.of(
              config,
              database.dsl(),
              new S3ObjectStore(s3, config.s3Parts()),
              publisher,
              new EventCodec(),
              Clock.systemUTC(),
              LifecycleObserver.NONE);
      if (dryRun) {
        ExpiryLedger.Preview preview = lifecycles.sweep().preview();
        out.println("sweep --dry-run: nothing is deleted and nothing is changed");
        out.printf(
            "would expire %d workspace assets (%s)%n",
            preview.expiredAssets(), Bytes.human(preview.expiredBytes()));
        out.printf("removals an earlier run left: %d%n", preview.queuedRemovals());
        out.printf(
            "library entries whose object is still to be copied: %d%n", preview.pendingCopies());
        out.flush();
        return 0;
      }
      LineThrottle throttle = new LineThrottle(System::nanoTime);
      ExpirySweep.Report report =
          lifecycles
              .sweep()
              .run(
                  limit == null ? Long.MAX_VALUE : limit,
                  (expired, bytes) -> {
                    if (throttle.due()) {
                      err.printf("sweep: %d expired (%s)%n", expired, Bytes.human(bytes));
                      err.flush();
                    }
                  },
                  () -> false);
      err.printf(
          "sweep: done, %d expired (%s), %d removals left by an earlier run finished, %d library"
              + " objects copied, %d removals failed, in %.1f s%n",
          report.expired(),
          Bytes.human(report.bytes()),
          report.finishedLeftovers(),
          report.copied(),
          report.failed(),
          report.took().toMillis() / 1000.0);
      err.flush();
      return report.failed() == 0 ? 0 : 1;
    } catch (Exception e) {
      err.println("mediakeep sweep: failed: " + e.getMessage());
      err.println("mediakeep sweep: what was done stays done; run it again");
      err.flush();
      return 1;
    }
  }
}
