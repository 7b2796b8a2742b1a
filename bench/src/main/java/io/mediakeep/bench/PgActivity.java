package io.mediakeep.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL has written so far: the WAL position in bytes and the transactions committed in
 * the benchmark's database. The difference of two readings is what a run cost the database beyond
 * CPU, the figures a capacity plan needs (WAL bytes and commits per event).
 */
record PgActivity(long walBytes, long commits) {

  static PgActivity read(String jdbcUrl, String user, String password) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,"
                    + " (SELECT xact_commit FROM pg_stat_database"
                    + " WHERE datname = current_database())")) {
      r.next();
      return new PgActivity(r.getLong(1), r.getLong(2));
    } catch (SQLException e) {
      throw new IllegalStateException("could not read PostgreSQL's activity: " + e.getMessage(), e);
    }
  }

  PgActivity minus(PgActivity before) {
    return new PgActivity(walBytes - before.walBytes, commits - before.commits);
  }
}
