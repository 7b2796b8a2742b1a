package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.worker.local.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TCP proxy in front of real PostgreSQL, driven through pgjdbc. */
class TcpProxyIT {

  @TempDir static Path dataDir;

  private static EmbeddedPostgresServer postgres;
  private TcpProxy proxy;

  @BeforeAll
  static void startPostgres() throws SQLException {
    postgres = EmbeddedPostgresServer.start(Sockets.freePort(), dataDir.resolve("postgres"));
    try (Connection connection = connect(postgres.port());
        Statement statement = connection.createStatement()) {
      statement.execute("create table probe (id text primary key)");
    }
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = TcpProxy.to(postgres.port());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private static Connection connect(int port) throws SQLException {
    Properties properties = new Properties();
    // The probe table is made by this test, so it connects as the role that may make tables.
    properties.setProperty("user", EmbeddedPostgresServer.OWNER_USER);
    properties.setProperty("password", EmbeddedPostgresServer.OWNER_PASSWORD);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "60");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/mediakeep", properties);
  }

  private Connection viaProxy() throws SQLException {
    return connect(proxy.port());
  }

  private static int selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select 1")) {
      result.next();
      return result.getInt(1);
    }
  }

  private static void insert(Connection connection, String id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("insert into probe (id) values (?)")) {
      statement.setString(1, id);
      statement.executeUpdate();
    }
  }

  private static boolean stored(String id) throws SQLException {
    try (Connection direct = connect(postgres.port());
        PreparedStatement statement = direct.prepareStatement("select 1 from probe where id = ?")) {
      statement.setString(1, id);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  @Test
  void passesQueriesThrough() throws SQLException {
    try (Connection connection = viaProxy()) {
      assertThat(selectOne(connection)).isEqualTo(1);
      insert(connection, "plain");
    }
    assertThat(stored("plain")).isTrue();
    assertThat(proxy.accepted()).isEqualTo(1);
    assertThat(proxy.resets()).isZero();
  }

  @Test
  void cutAllBreaksOpenConnections() throws SQLException {
    try (Connection connection = viaProxy()) {
      assertThat(selectOne(connection)).isEqualTo(1);

      proxy.cutAll();

      assertThatThrownBy(() -> selectOne(connection)).isInstanceOf(SQLException.class);
    }
    proxy.pass();
    try (Connection connection = viaProxy()) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
    assertThat(proxy.resets()).isEqualTo(1);
  }

  @Test
  void refusedConnectionsFailUntilPassedAgain() throws SQLException {
    proxy.refuse();

    assertThatThrownBy(this::viaProxy).isInstanceOf(SQLException.class);

    proxy.pass();
    try (Connection connection = viaProxy()) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
    assertThat(proxy.accepted()).isEqualTo(2);
    assertThat(proxy.resets()).isEqualTo(1);
  }

  @Test
  void resetAfterCommitCommitsButTheClientCannotTell() throws SQLException {
    proxy.resetAfterCommit(1);

    try (Connection connection = viaProxy()) {
      connection.setAutoCommit(false);
      insert(connection, "committed-unacknowledged");

      assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class);
    }

    assertThat(stored("committed-unacknowledged")).isTrue();
    assertThat(proxy.commitsIntercepted()).isEqualTo(1);
    assertThat(proxy.resets()).isEqualTo(1);

    try (Connection connection = viaProxy()) {
      connection.setAutoCommit(false);
      insert(connection, "committed-acknowledged");
      connection.commit();
    }
    assertThat(stored("committed-acknowledged")).isTrue();
    assertThat(proxy.commitsSeen()).isEqualTo(2);
    assertThat(proxy.commitsIntercepted()).isEqualTo(1);
  }

  @Test
  void delayedTrafficStillWorks() throws SQLException {
    proxy.delay(Duration.ofMillis(20));

    try (Connection connection = viaProxy()) {
      connection.setAutoCommit(false);
      insert(connection, "delayed");
      connection.commit();
      assertThat(selectOne(connection)).isEqualTo(1);
    }
    assertThat(stored("delayed")).isTrue();
  }
}
