package io.mediakeep.worker.cli;

import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.db.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code mediakeep migrate}: applies the schema migrations and exits. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Applies the Flyway migrations to MEDIAKEEP_DB_URL and exits. Connects as",
      "MEDIAKEEP_DB_MIGRATE_USER, the owner of the schema, when it is set; else as",
      "MEDIAKEEP_DB_USER."
    })
public final class MigrateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    WorkerConfig config = WorkerConfig.fromEnv(System.getenv());
    var result = Database.migrate(config.db());
    System.out.printf(
        "migrated %s as %s: %d migrations applied, schema at version %s%n",
        config.db().url(),
        config.db().migrateUser(),
        result.migrationsExecuted,
        result.targetSchemaVersion);
    return 0;
  }
}
