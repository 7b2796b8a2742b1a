package io.mediakeep.worker.cli;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.db.RejectionReplays;
import io.mediakeep.worker.kafka.Republisher;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jooq.exception.DataAccessException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mediakeep replay}: puts rejected input records back so the worker tries them again. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Republishes rejected input records, as kept in asset_rejections, so the",
      "worker tries them again: the original key, value and headers, to the topic",
      "they came from. Fix the cause first (a source that is back, a raised limit).",
      "",
      "The worker dedupes: a record whose asset is already stored is not downloaded",
      "again, only its asset-stored event is published again. So a replay is safe to",
      "repeat, and one interrupted mid-batch may send that batch twice.",
      "",
      "Each row is replayed once (unless --again), and marked once Kafka has",
      "acknowledged it. A replayed record carries the header mediakeep-replays=N;",
      "if the worker rejects it again, its new row remembers N, and rows with",
      "N >= --max-replays are held: counted and reported, never sent. So a record",
      "that keeps failing stops going round.",
      ""
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  every selected record was sent (or --dry-run)",
      "  1  a record could not be sent (each is named), or PostgreSQL failed",
      "  2  bad options or configuration",
      "",
      "PostgreSQL and Kafka come from the same MEDIAKEEP_* environment as `run`",
      "(MEDIAKEEP_DB_URL, MEDIAKEEP_KAFKA_BOOTSTRAP, ...). Replay does not migrate the",
      "schema."
    })
public final class ReplayCommand implements Callable<Integer> {

  private static final int FIRST_ROWS_SHOWN = 10;
  private static final int FAILURES_LISTED = 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--reason",
      paramLabel = "REASON",
      split = ",",
      converter = ReasonConverter.class,
      description =
          "Only rejections for this reason; repeat or comma-separate for several. One of:"
              + " ${COMPLETION-CANDIDATES}.")
  Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);

  @Option(
      names = "--project",
      paramLabel = "UUID",
      converter = ProjectConverter.class,
      description = "Only rejections of this project.")
  UUID project;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      converter = TimeBound.Converter.class,
      description =
          "Only rejections last rejected at or after WHEN: an ISO-8601 instant"
              + " (2025-05-01T00:00:00Z) or that long ago (90s, 30m, 24h, 7d, 2w).")
  TimeBound since;

  @Option(
      names = "--until",
      paramLabel = "WHEN",
      converter = TimeBound.Converter.class,
      description = "Only rejections last rejected before WHEN; same forms as --since.")
  TimeBound until;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Send at most N records, the earliest rejected first. Default: no limit.")
  Long limit;

  @Option(
      names = "--max-replays",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Hold rows whose record had already been replayed N times: they are counted and"
              + " reported as \"held: replay limit reached\", not sent. Default:"
              + " ${DEFAULT-VALUE}.")
  int maxReplays;

  @Option(names = "--again", description = "Also replay rows that were replayed before.")
  boolean again;

  @Option(
      names = "--dry-run",
      description =
          "Send nothing and change nothing; print what would be sent and held, by reason"
              + " and by project, and the first rows.")
  boolean dryRun;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Send to TOPIC instead of the topic each record was consumed from.")
  String topic;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "500",
      description =
          "Records sent, acknowledged and marked together; a crash resends at most one"
              + " batch. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  private final Map<String, String> env;
  private final Clock clock;

  public ReplayCommand() {
    this(System.getenv(), Clock.systemUTC());
  }

  /** A replay configured from {@code env} instead of the process environment; for tests. */
  public ReplayCommand(Map<String, String> env, Clock clock) {
    this.env = env;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    RejectionReplays.Filter filter = filter();
    WorkerConfig config = WorkerConfig.fromEnv(env);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DbSettings db = config.db();
    // A replay uses one connection at a time; the worker's pool size would open idle ones.
    DbSettings one = new DbSettings(db.url(), db.user(), db.password(), 1, db.connectionTimeout());
    try (Database database = Database.connect(one, null)) {
      RejectionReplays replays = new RejectionReplays(database.dsl());
      RejectionReplays.Plan plan =
          replays.plan(filter, maxReplays, limit == null ? Long.MAX_VALUE : limit);
      if (dryRun) {
        int shown = (int) Math.min(FIRST_ROWS_SHOWN, plan.toSend());
        DryRunReport.print(out, plan, replays.page(plan, 0, shown), topic);
        return 0;
      }
      err.printf(
          "replay: %d to send, %d held at the replay limit (--max-replays %d)%n",
          plan.toSend(), plan.held(), maxReplays);
      err.flush();
      ReplayRun.Result result =
          plan.toSend() == 0
              ? new ReplayRun.Result(0, List.of(), 0)
              : send(config, replays, plan, err);
      report(err, plan, result);
      return result.failures().isEmpty() && result.notAttempted() == 0 ? 0 : 1;
    } catch (DataAccessException e) {
      err.println("mediakeep replay: PostgreSQL at " + db.url() + " failed: " + rootMessage(e));
      if (e.sqlState() != null && (e.sqlState().equals("42703") || e.sqlState().equals("42P01"))) {
        err.println(
            "mediakeep replay: the schema is older than this mediakeep; run `mediakeep migrate`");
      }
      return 1;
    }
  }

  private ReplayRun.Result send(
      WorkerConfig config, RejectionReplays replays, RejectionReplays.Plan plan, PrintWriter err) {
    Map<String, Object> producer = config.kafka().producerConfig();
    producer.put(ProducerConfig.CLIENT_ID_CONFIG, config.kafka().clientId() + "-replay");
    try (Republisher republisher = new Republisher(new KafkaProducer<>(producer))) {
      ReplayProgress progress =
          new ReplayProgress(err, System::nanoTime, plan.toSend(), plan.held());
      return new ReplayRun(replays, republisher, topic, batchSize).run(plan, progress);
    }
  }

  private void report(PrintWriter err, RejectionReplays.Plan plan, ReplayRun.Result result) {
    List<String> failures = result.failures();
    for (String failure : failures.subList(0, Math.min(failures.size(), FAILURES_LISTED))) {
      err.println("replay: not sent: " + failure);
    }
    if (failures.size() > FAILURES_LISTED) {
      err.printf("replay: ... and %d more not sent%n", failures.size() - FAILURES_LISTED);
    }
    if (result.notAttempted() > 0) {
      err.printf(
          "replay: stopped: Kafka acknowledged nothing of the last batch; %d not attempted%n",
          result.notAttempted());
    }
    err.println(
        "replay: done, "
            + ReplayProgress.counts(result.sent(), failures.size(), plan.toSend(), plan.held()));
    if (plan.held() > 0) {
      err.printf(
          "replay: held: replay limit reached: %d rejected again after %d replay%s; find them"
              + " with replay_generation >= %d in asset_rejections%n",
          plan.held(), maxReplays, maxReplays == 1 ? "" : "s", maxReplays);
    }
    err.flush();
  }

  private RejectionReplays.Filter filter() {
    CommandLine commandLine = spec.commandLine();
    if (limit != null && limit < 1) {
      throw new ParameterException(commandLine, "--limit must be at least 1, not " + limit);
    }
    if (maxReplays < 1) {
      throw new ParameterException(
          commandLine, "--max-replays must be at least 1, not " + maxReplays);
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new ParameterException(
          commandLine, "--batch-size must be between 1 and 10000, not " + batchSize);
    }
    if (topic != null && topic.isBlank()) {
      throw new ParameterException(commandLine, "--topic must not be empty");
    }
    Instant now = clock.instant();
    Instant from = since == null ? null : since.resolve(now);
    Instant to = until == null ? null : until.resolve(now);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ParameterException(
          commandLine, "--since (" + from + ") must be before --until (" + to + ")");
    }
    return new RejectionReplays.Filter(reasons, project, from, to, again);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  /** Reason names, case-insensitive, with the valid ones listed when a name is unknown. */
  static final class ReasonConverter implements CommandLine.ITypeConverter<RejectReason> {
    @Override
    public RejectReason convert(String value) {
      try {
        return RejectReason.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "unknown reason '"
                + value
                + "'; valid reasons: "
                + String.join(", ", Arrays.stream(RejectReason.values()).map(Enum::name).toList()));
      }
    }
  }

  /** Project ids, with a message that says what was expected. */
  static final class ProjectConverter implements CommandLine.ITypeConverter<UUID> {
    @Override
    public UUID convert(String value) {
      try {
        return UUID.fromString(value.strip());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'"
                + value
                + "' is not a project id (a UUID such as 0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40)");
      }
    }
  }
}
