package io.mediakeep.worker.cli;

import io.mediakeep.contracts.OwnerPurged;
import io.mediakeep.contracts.PurgeOwner;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.db.JooqPurges;
import java.io.PrintWriter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mediakeep purge}: asks the worker to remove everything of an owner. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publishes a media.owner.purge command: the worker removes every object and row",
      "of the owner (assets, tombstones, library entries, collections, rejections),",
      "resumably, keeps one marker with the purge time and no personal data, refuses",
      "the owner's events produced before it (OWNER_PURGED), and publishes",
      "media.owner.purged with the counts.",
      ""
    },
    footerHeading = "%nExit status:%n",
    footer = {
      "  0  sent (with --wait: purged), or --dry-run",
      "  1  Kafka or PostgreSQL failed, or with --wait: no result in time",
      "  2  bad options or configuration"
    })
public final class PurgeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--owner",
      required = true,
      paramLabel = "UUID",
      converter = UuidConverter.class,
      description = "The owner to purge.")
  UUID owner;

  @Option(
      names = "--dry-run",
      description = "Send nothing; count what a purge of the owner would remove now.")
  boolean dryRun;

  @Mixin WaitOptions waiting;

  private final Map<String, String> env;

  public PurgeCommand() {
    this(System.getenv());
  }

  public PurgeCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    WorkerConfig config = WorkerConfig.fromEnv(env);
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      DbSettings db = config.db();
      try (Database database =
          Database.connect(
              new DbSettings(db.url(), db.user(), db.password(), 1, db.connectionTimeout()),
              null)) {
        OwnerPurged.Removed would = new JooqPurges(database.dsl()).preview(owner);
        out.println("purge --dry-run: nothing is sent and nothing is changed");
        out.printf(
            "owner %s: %d assets (tombstones included), %d library entries, %d collections,"
                + " %d rejections, %d objects%n",
            owner,
            would.assets(),
            would.libraryAssets(),
            would.collections(),
            would.rejections(),
            would.objects());
        out.flush();
        return 0;
      }
    }
    return new CommandSender(config, out, spec.commandLine().getErr())
        .send(new PurgeOwner(owner), null, waiting.waitFor());
  }
}
