package io.mediakeep.worker.cli;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.worker.Lifecycles;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.core.LifecycleObserver;
import io.mediakeep.worker.core.ReconcileFixes;
import io.mediakeep.worker.core.Reconciliation;
import io.mediakeep.worker.core.Reconciliation.Finding;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.db.JooqReconcile;
import io.mediakeep.worker.kafka.EventPublisher;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3ObjectStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code mediakeep reconcile}: finds, and with --fix repairs, drift between S3 and the rows. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Walks each bucket's object listing and the rows that name its objects side by",
      "side, a page at a time (memory stays bounded on millions), and reports:",
      "  orphan      an object no row names, older than --grace",
      "  missing     a live asset or library entry whose object is not there",
      "  wrong-size  a live asset or library entry whose object has another size",
      "With --fix, each finding is checked again and repaired: an orphan is deleted; a",
      "missing or wrong-size row is removed (where it was a scene's current version,",
      "the highest live version left becomes current), what is left of its object",
      "deleted, and media.asset.lost published on the lifecycle topic so that upstream",
      "can regenerate; a new input for the asset's key stores it again. A second --fix",
      "finds nothing.",
      ""
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  nothing found, or everything found was fixed",
      "  1  PostgreSQL, S3 or Kafka failed, or a fix is still queued; run it again",
      "  2  bad options or configuration",
      "  3  drift found and not fixed (no --fix, or --dry-run)",
      "",
      "PostgreSQL, S3 and Kafka come from the same MEDIAKEEP_* environment as `run`.",
      "",
      "Example:",
      "  mediakeep reconcile                      # report, all three buckets",
      "  mediakeep reconcile --fix --grace 2h \\",
      "      --metrics-file /var/lib/node_exporter/mediakeep.prom"
    })
public final class ReconcileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bucket",
      paramLabel = "B",
      description =
          "A bucket to reconcile; repeat for several. Default: the project, workspace and"
              + " library buckets (MEDIAKEEP_BUCKET_PROJECT, _WORKSPACE, MEDIAKEEP_LIBRARY_BUCKET).")
  List<String> buckets;

  @Option(
      names = "--prefix",
      paramLabel = "P",
      defaultValue = "",
      description = "Only keys that start with P, such as an owner id and a slash.")
  String prefix;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = WaitOptions.DurationConverter.class,
      description =
          "Objects modified within this long are not orphans: their row may not be committed"
              + " yet. Default: ${DEFAULT-VALUE}.")
  Duration grace;

  @Option(names = "--fix", description = "Repair what is found (see above).")
  boolean fix;

  @Option(names = "--dry-run", description = "Change nothing, whatever else is given.")
  boolean dryRun;

  @Option(
      names = "--metrics-file",
      paramLabel = "PATH",
      description =
          "Write the run's figures in the Prometheus text format to PATH (replaced atomically),"
              + " for node_exporter's textfile collector.")
  Path metricsFile;

  private final Map<String, String> env;

  public ReconcileCommand() {
    this(System.getenv());
  }

  /** Configured from {@code env} instead of the process environment; for tests. */
  public ReconcileCommand(Map<String, String> env) {
    this.env = env;
  }

  private enum Kind {
    ORPHAN("orphan"),
    MISSING("missing"),
    WRONG_SIZE("wrong-size");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    static Kind of(Finding finding) {
      return switch (finding) {
        case Finding.Orphan o -> ORPHAN;
        case Finding.Missing m -> MISSING;
        case Finding.WrongSize w -> WRONG_SIZE;
      };
    }
  }

  /** Figures of one bucket. */
  private static final class Tally {
    Reconciliation.Summary summary = new Reconciliation.Summary(0, 0, 0, 0, 0, 0);
    final Map<Kind, Long> fixed = new EnumMap<>(Kind.class);
    long queued;
    long gone;
  }

  @Override
  public Integer call() {
    WorkerConfig config = WorkerConfig.fromEnv(env);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> targets =
        buckets == null || buckets.isEmpty()
            ? List.of(
                config.layout().projectBucket(),
                config.layout().workspaceBucket(),
                config.layout().libraryBucket())
            : buckets;
    boolean repair = fix && !dryRun;
    DbSettings db = config.db();
    DbSettings two = new DbSettings(db.url(), db.user(), db.password(), 2, db.connectionTimeout());
    Map<String, Object> producerConfig = config.kafka().producerConfig();
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, config.kafka().clientId() + "-reconcile");
    Map<String, Tally> tallies = new LinkedHashMap<>();
    Instant started = Instant.now();
    long start = System.nanoTime();
    try (Database database = Database.connect(two, null);
        S3Client s3 = S3Clients.create(config.s3(), 8);
        EventPublisher publisher =
            repair ? new EventPublisher(new KafkaProducer<>(producerConfig)) : null) {
      S3ObjectStore store = new S3ObjectStore(s3, config.s3Parts());
      JooqReconcile rows = new JooqReconcile(database.dsl());
      Reconciliation reconciliation = new Reconciliation(store, rows);
      ReconcileFixes fixes =
          repair
              ? new ReconcileFixes(
                  rows,
                  store,
                  Lifecycles.of(
                          config,
                          database.dsl(),
                          store,
                          publisher,
                          new EventCodec(),
                          Clock.systemUTC(),
                          LifecycleObserver.NONE)
                      .drain(),
                  Clock.systemUTC())
              : null;
      err.printf(
          "reconcile: %s%s, grace %s%s%n",
          String.join(", ", targets),
          prefix.isEmpty() ? "" : " under " + prefix,
          human(grace),
          repair ? ", fixing" : fix ? " (--dry-run: nothing is changed)" : " (report only)");
      err.flush();
      LineThrottle throttle = new LineThrottle(System::nanoTime);
      for (String bucket : targets) {
        Tally tally = new Tally();
        tallies.put(bucket, tally);
        tally.summary =
            reconciliation.scan(
                bucket,
                prefix,
                grace,
                started,
                new Reconciliation.Listener() {
                  @Override
                  public void found(Finding finding) {
                    String outcome = "";
                    if (fixes != null) {
                      outcome = " -> " + repairOne(fixes, finding, tally);
                    }
                    out.println(describe(finding) + outcome);
                    out.flush();
                  }

                  @Override
                  public void progress(String b, Reconciliation.Summary soFar) {
                    if (throttle.due()) {
                      err.println("reconcile: " + b + ": " + counts(soFar));
                      err.flush();
                    }
                  }
                });
      }
    } catch (Exception e) {
      err.println("mediakeep reconcile: failed: " + e.getMessage());
      err.println("mediakeep reconcile: what was fixed stays fixed; run it again");
      err.flush();
      writeMetrics(tallies, started, System.nanoTime() - start, false, err);
      return 1;
    }
    long findings = 0;
    long unfinished = 0;
    for (var entry : tallies.entrySet()) {
      Tally t = entry.getValue();
      findings += t.summary.findings();
      unfinished += t.queued;
      long fixedCount = t.fixed.values().stream().mapToLong(Long::longValue).sum();
      err.printf(
          "reconcile: %s: %s%s%n",
          entry.getKey(),
          counts(t.summary),
          repair
              ? String.format(
                  "; fixed %d, gone meanwhile %d, queued for the next sweep %d",
                  fixedCount, t.gone, t.queued)
              : "");
    }
    err.printf("reconcile: done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    err.flush();
    writeMetrics(tallies, started, System.nanoTime() - start, true, err);
    if (!repair) {
      return findings == 0 ? 0 : 3;
    }
    return unfinished == 0 ? 0 : 1;
  }

  private static String repairOne(ReconcileFixes fixes, Finding finding, Tally tally) {
    try {
      return switch (fixes.fix(finding)) {
        case FIXED -> {
          tally.fixed.merge(Kind.of(finding), 1L, Long::sum);
          yield finding instanceof Finding.Orphan ? "deleted" : "row removed, media.asset.lost out";
        }
        case GONE -> {
          tally.gone++;
          yield "no longer so, left alone";
        }
        case QUEUED -> {
          tally.queued++;
          yield "row removed, object and event queued for the next sweep";
        }
      };
    } catch (IOException e) {
      tally.queued++;
      return "not fixed: " + e.getMessage();
    }
  }

  private static String describe(Finding finding) {
    return switch (finding) {
      case Finding.Orphan o ->
          String.format(
              "orphan     %s/%s  %d bytes, modified %s",
              o.bucket(), o.key(), o.sizeBytes(), o.lastModified());
      case Finding.Missing m ->
          String.format(
              "missing    %s/%s  %s %s of owner %s, %d bytes",
              m.bucket(),
              m.key(),
              m.row().kind().name().toLowerCase(Locale.ROOT),
              m.row().id(),
              m.row().ownerId(),
              m.row().sizeBytes());
      case Finding.WrongSize w ->
          String.format(
              "wrong-size %s/%s  %s %s of owner %s, %d bytes recorded, %d found",
              w.bucket(),
              w.key(),
              w.row().kind().name().toLowerCase(Locale.ROOT),
              w.row().id(),
              w.row().ownerId(),
              w.row().sizeBytes(),
              w.foundSizeBytes());
    };
  }

  private static String human(Duration d) {
    long seconds = d.toSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private static String counts(Reconciliation.Summary s) {
    return String.format(
        "%,d objects, %,d rows; %d orphans (%s), %d missing, %d wrong size",
        s.objects(),
        s.rows(),
        s.orphans(),
        Bytes.human(s.orphanBytes()),
        s.missing(),
        s.wrongSize());
  }

  /** The run's figures as the textfile collector reads them, replacing the file atomically. */
  private void writeMetrics(
      Map<String, Tally> tallies, Instant started, long nanos, boolean success, PrintWriter err) {
    if (metricsFile == null) {
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    tallies.forEach(
        (bucket, t) -> {
          gauge(
              registry,
              "mediakeep.reconcile.objects",
              "Objects listed",
              bucket,
              null,
              t.summary.objects());
          gauge(
              registry,
              "mediakeep.reconcile.rows",
              "Rows that name objects",
              bucket,
              null,
              t.summary.rows());
          for (Kind kind : Kind.values()) {
            long found =
                switch (kind) {
                  case ORPHAN -> t.summary.orphans();
                  case MISSING -> t.summary.missing();
                  case WRONG_SIZE -> t.summary.wrongSize();
                };
            gauge(registry, "mediakeep.reconcile.findings", "Drift found", bucket, kind, found);
            gauge(
                registry,
                "mediakeep.reconcile.fixed",
                "Drift repaired",
                bucket,
                kind,
                t.fixed.getOrDefault(kind, 0L));
          }
        });
    Gauge.builder("mediakeep.reconcile.last.run.timestamp", () -> started.getEpochSecond())
        .description("When the last run started, in seconds since the epoch")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("mediakeep.reconcile.duration", () -> nanos / 1e9)
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("mediakeep.reconcile.success", () -> success ? 1 : 0)
        .description("1 when the run completed, 0 when it failed")
        .register(registry);
    try {
      Path dir = metricsFile.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".mediakeep-reconcile", ".prom");
      Files.writeString(tmp, registry.scrape(), StandardCharsets.UTF_8);
      Files.move(
          tmp, metricsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      err.println("mediakeep reconcile: could not write " + metricsFile + ": " + e.getMessage());
    } finally {
      registry.close();
    }
  }

  private static void gauge(
      PrometheusMeterRegistry registry,
      String name,
      String description,
      String bucket,
      Kind kind,
      long value) {
    Gauge.Builder<?> builder =
        Gauge.builder(name, () -> value).description(description).tag("bucket", bucket);
    if (kind != null) {
      builder = builder.tag("kind", kind.label);
    }
    builder.register(registry);
  }
}
