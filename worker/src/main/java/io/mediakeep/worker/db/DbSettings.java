package io.mediakeep.worker.db;

import java.time.Duration;

/**
 * How to reach PostgreSQL. The worker's pool connects as {@code user}; migrations connect as {@code
 * migrateUser}, the owner of the schema, which may be the same role.
 */
public record DbSettings(
    String url,
    String user,
    String password,
    int poolSize,
    Duration connectionTimeout,
    String migrateUser,
    String migratePassword) {

  /** Settings that migrate with the worker's own credentials. */
  public DbSettings(
      String url, String user, String password, int poolSize, Duration connectionTimeout) {
    this(url, user, password, poolSize, connectionTimeout, user, password);
  }
}
