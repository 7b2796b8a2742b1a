package io.mediakeep.worker.cli;

import static io.mediakeep.db.jooq.Tables.ASSETS;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.worker.backfill.BackfillRun;
import io.mediakeep.worker.backfill.FileLegacySource;
import io.mediakeep.worker.backfill.JdbcLegacySource;
import io.mediakeep.worker.backfill.LegacySource;
import io.mediakeep.worker.config.Keys;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.kafka.EventPublisher;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jooq.exception.DataAccessException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mediakeep backfill}: legacy image URLs become input events, stored by the pipeline. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads the image URLs of legacy projects (generated_output.scenes[].imageUrls[]",
      "and the generated_images rows, which win for the same scene and image) and",
      "publishes one media.image.generated event per image to MEDIAKEEP_TOPIC_INPUT,",
      "so that the running workers store it: sceneId scene-<position>, variant =",
      "image index, version 1. Event ids derive from the image, so running it twice",
      "stores nothing twice; images stored already are not published again. Dead URLs",
      "become rejections (SOURCE_EXPIRED when a signed URL says when it expired).",
      ""
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  done (or --dry-run)",
      "  1  the source, PostgreSQL or Kafka failed; --resume goes on where it stopped",
      "  2  bad options or configuration",
      "",
      "The legacy database's login comes from MEDIAKEEP_BACKFILL_SOURCE_USER and",
      "MEDIAKEEP_BACKFILL_SOURCE_PASSWORD; mediakeep's PostgreSQL and Kafka from the",
      "same MEDIAKEEP_* environment as `run`."
    })
public final class BackfillCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Source source;

  /** Where the legacy projects are: a database or a file. */
  static final class Source {
    @Option(
        names = "--source-url",
        paramLabel = "JDBC_URL",
        description = "The legacy PostgreSQL, e.g. jdbc:postgresql://old-db:5432/app.")
    String url;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description =
            "A JSON-lines file: one {id, user_id, generated_output, generated_images?} a line.")
    Path file;
  }

  @Option(
      names = "--query",
      paramLabel = "SQL",
      description =
          "With --source-url: a query returning id (project), user_id (owner),"
              + " generated_output and optionally generated_images. Default: the"
              + " content_creation_requests table with its generated_images rows.")
  String query;

  @Option(names = "--dry-run", description = "Publish nothing; count what would be published.")
  boolean dryRun;

  @Option(
      names = "--resume",
      description = "Go on after the last project a previous run published (see --checkpoint).")
  boolean resume;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      defaultValue = "backfill.checkpoint",
      description = "Where the last published project id is kept. Default: ${DEFAULT-VALUE}.")
  Path checkpoint;

  private final Map<String, String> env;

  public BackfillCommand() {
    this(System.getenv());
  }

  public BackfillCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    WorkerConfig config = WorkerConfig.fromEnv(env);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String after = resume && Files.exists(checkpoint) ? Files.readString(checkpoint).strip() : null;
    if (resume && after == null) {
      err.println("backfill: no checkpoint at " + checkpoint + "; starting from the first project");
    }
    DbSettings db = config.db();
    Map<String, Object> producerConfig = config.kafka().producerConfig();
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, config.kafka().clientId() + "-backfill");
    try (LegacySource legacy = open();
        Database mediakeep =
            Database.connect(
                new DbSettings(db.url(), db.user(), db.password(), 1, db.connectionTimeout()),
                null);
        EventPublisher publisher =
            dryRun ? null : new EventPublisher(new KafkaProducer<>(producerConfig))) {
      long total = legacy.count(after);
      err.printf(
          "backfill: %d projects%s%s%n",
          total,
          after == null ? "" : " after " + after,
          dryRun ? " (--dry-run: nothing is published)" : "");
      err.flush();
      EventCodec codec = new EventCodec();
      LineThrottle throttle = new LineThrottle(System::nanoTime);
      BackfillRun run =
          new BackfillRun(
              project -> stored(mediakeep, project),
              events -> publish(publisher, codec, config.kafka().inputTopic(), events),
              id -> Files.writeString(checkpoint, id + "\n", StandardCharsets.UTF_8),
              dryRun,
              (projects, images, already, published, skipped) -> {
                if (throttle.due()) {
                  err.println(
                      "backfill: "
                          + bar(projects, total)
                          + " "
                          + projects
                          + "/"
                          + total
                          + " projects, "
                          + images
                          + " images, "
                          + published
                          + (dryRun ? " to publish, " : " published, ")
                          + already
                          + " already stored, "
                          + skipped
                          + " skipped");
                  err.flush();
                }
              });
      BackfillRun.Summary summary = run.run(legacy, after);
      summary.reports().forEach(line -> err.println("backfill: " + line));
      out.printf(
          "backfill%s: %d projects, %d images, %d already stored, %d %s, %d skipped%n",
          dryRun ? " --dry-run" : "",
          summary.projects(),
          summary.images(),
          summary.alreadyStored(),
          summary.published(),
          dryRun ? "to publish" : "published",
          summary.skipped());
      out.flush();
      return 0;
    } catch (SQLException | DataAccessException e) {
      err.println("mediakeep backfill: PostgreSQL failed: " + e.getMessage());
      err.println("mediakeep backfill: run it again with --resume to go on");
      return 1;
    } catch (ExecutionException | TimeoutException e) {
      err.println("mediakeep backfill: Kafka did not acknowledge a project's events: " + e);
      err.println("mediakeep backfill: run it again with --resume to go on");
      return 1;
    }
  }

  private LegacySource open() throws SQLException {
    if (source.file != null) {
      if (query != null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--query goes with --source-url, not --file");
      }
      return new FileLegacySource(source.file);
    }
    return new JdbcLegacySource(
        source.url,
        env.get(Keys.BACKFILL_SOURCE_USER.name()),
        env.get(Keys.BACKFILL_SOURCE_PASSWORD.name()),
        query == null ? JdbcLegacySource.DEFAULT_QUERY : query);
  }

  private static Set<String> stored(Database mediakeep, UUID project) {
    Set<String> keys = new HashSet<>();
    mediakeep
        .dsl()
        .select(ASSETS.SCENE_ID, ASSETS.VARIANT)
        .from(ASSETS)
        .where(ASSETS.PROJECT_ID.eq(project))
        .and(ASSETS.VERSION.eq(1))
        .forEach(r -> keys.add(r.value1() + "/" + r.value2()));
    return keys;
  }

  private static void publish(
      EventPublisher publisher, EventCodec codec, String topic, List<BackfillRun.Event> events)
      throws Exception {
    List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
    for (BackfillRun.Event event : events) {
      KafkaMessage message =
          codec.encodeGenerated(
              event.id(), "/mediakeep/backfill", MediaKind.IMAGE, event.data(), Instant.now());
      acks.add(publisher.send(topic, message));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  private static String bar(long done, long total) {
    int width = 20;
    int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }
}
