package io.mediakeep.worker.it;

import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.db.DbSettings;
import io.mediakeep.worker.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** One real Kafka broker, PostgreSQL and S3 server for all integration tests of this JVM. */
final class SharedStack {

  private static LocalStack stack;

  private SharedStack() {}

  static synchronized LocalStack get() {
    if (stack == null) {
      try {
        Path dir = Files.createTempDirectory("mediakeep-it-");
        stack = LocalStack.start(LocalStack.Ports.EPHEMERAL, dir, 4);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
    }
    return stack;
  }

  /** How the worker reaches the shared database: its own login, migrating as the owner. */
  static DbSettings db(int poolSize) {
    DbSettings db = WorkerConfig.fromEnv(get().workerEnv()).db();
    return new DbSettings(
        db.url(),
        db.user(),
        db.password(),
        poolSize,
        Duration.ofSeconds(10),
        db.migrateUser(),
        db.migratePassword());
  }
}
