package io.mediakeep.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roles, grants and row-level security as the migrations leave them, seen from each role. Nothing
 * here connects as a superuser once the schema is in place: superusers skip row security. The owner
 * is an ordinary login with CREATEROLE, so the migration makes the group roles itself.
 */
class RowSecurityIT {

  private static final String DATABASE = "tenants";
  private static final UUID OWNER_A = UUID.randomUUID();
  private static final UUID OWNER_B = UUID.randomUUID();

  private static EmbeddedPostgres postgres;
  private static DataSource owner;
  private static DataSource worker;
  private static DataSource reader;
  private static DataSource stranger;

  @BeforeAll
  static void migrate() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    asSuperuser(
        "create role rs_owner login createrole", "create database " + DATABASE + " owner rs_owner");
    owner = postgres.getDatabase("rs_owner", DATABASE);
    MigrateResult result = MigrationsIT.flyway(owner, MigrationsIT.ROLES).migrate();
    assertThat(result.success).isTrue();
    asSuperuser(
        "create role rs_app login in role mediakeep_worker",
        "create role rs_web login in role mediakeep_reader",
        "create role rs_stranger login");
    worker = postgres.getDatabase("rs_app", DATABASE);
    reader = postgres.getDatabase("rs_web", DATABASE);
    stranger = postgres.getDatabase("rs_stranger", DATABASE);
    for (int i = 0; i < 3; i++) {
      insertAsset(OWNER_A, "a" + i);
    }
    for (int i = 0; i < 2; i++) {
      insertAsset(OWNER_B, "b" + i);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void theGroupRolesCannotLogIn() throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select rolname, rolcanlogin, rolsuper, rolbypassrls from pg_roles"
                    + " where rolname in ('mediakeep_worker', 'mediakeep_reader') order by 1")) {
      List<String> roles = new ArrayList<>();
      while (rs.next()) {
        roles.add(
            rs.getString(1)
                + " "
                + rs.getBoolean(2)
                + " "
                + rs.getBoolean(3)
                + " "
                + rs.getBoolean(4));
      }
      assertThat(roles)
          .containsExactly(
              "mediakeep_reader false false false", "mediakeep_worker false false false");
    }
  }

  @Test
  void bothTablesForceRowSecurityAndTheViewRunsWithTheCallersRights() throws Exception {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "select relname, relrowsecurity, relforcerowsecurity from pg_class"
                  + " where relname in ('assets', 'asset_rejections') order by 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1) + rs.getBoolean(2) + rs.getBoolean(3))
            .isEqualTo("asset_rejectionstruetrue");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1) + rs.getBoolean(2) + rs.getBoolean(3))
            .isEqualTo("assetstruetrue");
      }
      try (ResultSet rs =
          s.executeQuery("select reloptions from pg_class where relname = 'current_assets'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).contains("security_invoker=true");
      }
    }
  }

  @Test
  void aReaderSeesOnlyTheOwnerItsTransactionIsBoundTo() throws Exception {
    try (Connection c = reader.getConnection()) {
      c.setAutoCommit(false);
      bind(c, OWNER_A.toString());
      assertThat(owners(c, "select owner_id from assets")).containsOnly(OWNER_A).hasSize(3);
      assertThat(owners(c, "select owner_id from current_assets")).containsOnly(OWNER_A).hasSize(3);
      assertThat(currentUrl(c, OWNER_A, "a0")).isEqualTo("s3://bucket/" + OWNER_A + "/a0");
      assertThat(currentUrl(c, OWNER_B, "b0")).isNull();
      c.commit();

      bind(c, OWNER_B.toString());
      assertThat(owners(c, "select owner_id from assets")).containsOnly(OWNER_B).hasSize(2);
      c.commit();
    }
  }

  @Test
  void aReaderBoundToNoOneSeesNothing() throws Exception {
    try (Connection c = reader.getConnection()) {
      assertThat(owners(c, "select owner_id from assets")).isEmpty();
      c.setAutoCommit(false);
      bind(c, "");
      assertThat(owners(c, "select owner_id from current_assets")).isEmpty();
      c.commit();
      bind(c, OWNER_A.toString());
      c.commit();
      // The binding ended with its transaction; what is left reads as an empty string.
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select current_setting('mediakeep.owner_id', true)")) {
        rs.next();
        assertThat(rs.getString(1)).isEmpty();
      }
      assertThat(owners(c, "select owner_id from assets")).isEmpty();
      c.commit();
    }
  }

  @Test
  void aMalformedBindingFailsTheQueryInsteadOfShowingRows() throws Exception {
    try (Connection c = reader.getConnection()) {
      c.setAutoCommit(false);
      bind(c, "not-a-uuid");
      assertThatThrownBy(() -> owners(c, "select owner_id from assets"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("22P02");
      c.rollback();
    }
  }

  @Test
  void aReaderCannotWriteNorReadRejections() throws Exception {
    try (Connection c = reader.getConnection()) {
      c.setAutoCommit(false);
      bind(c, OWNER_A.toString());
      for (String sql :
          List.of(
              "update assets set prompt = 'x'",
              "delete from assets",
              "insert into assets (id, owner_id) values (gen_random_uuid(), '" + OWNER_A + "')",
              "select count(*) from asset_rejections")) {
        assertDenied(c, sql);
      }
    }
  }

  @Test
  void theWorkerSeesEveryOwnerButCannotTruncateNorChangeTheSchema() throws Exception {
    try (Connection c = worker.getConnection()) {
      assertThat(
              owners(
                  c,
                  "select owner_id from assets where owner_id in ('"
                      + OWNER_A
                      + "', '"
                      + OWNER_B
                      + "')"))
          .hasSize(5);
      c.setAutoCommit(false);
      for (String sql :
          List.of(
              "truncate assets",
              "alter table assets add column tenant text",
              "drop table asset_rejections",
              "drop view current_assets",
              "create table scratch (id int)",
              "alter table assets no force row level security")) {
        assertDenied(c, sql);
      }
    }
  }

  @Test
  void theWorkerDeletesOnlyTheRowsOfTheOwnerItsTransactionIsBoundTo() throws Exception {
    UUID doomed = UUID.randomUUID();
    UUID spared = UUID.randomUUID();
    insertAsset(doomed, "d1");
    insertAsset(doomed, "d2");
    insertAsset(spared, "s1");
    try (Connection c = worker.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      String both = " where owner_id in ('" + doomed + "', '" + spared + "')";
      assertThat(s.executeUpdate("delete from assets" + both)).as("unbound").isZero();
      bind(c, doomed.toString());
      assertThat(s.executeUpdate("delete from assets" + both)).isEqualTo(2);
      assertThat(s.executeUpdate("delete from asset_rejections")).isZero();
      c.commit();
      assertThat(owners(c, "select owner_id from assets" + both)).containsExactly(spared);
    }
  }

  @Test
  void theOwnerSeesAndWritesNoRowsUnderForce() throws Exception {
    try (Connection c = owner.getConnection()) {
      assertThat(owners(c, "select owner_id from assets")).isEmpty();
      try (Statement s = c.createStatement()) {
        assertThatThrownBy(
                () ->
                    s.execute(
                        "insert into asset_rejections (source_topic, source_partition,"
                            + " source_offset, reason, detail, attempts)"
                            + " values ('t', 0, 1, 'TOO_LARGE', 'd', 1)"))
            .hasMessageContaining("row-level security");
      }
    }
  }

  @Test
  void aRoleOfNeitherGroupGetsNothing() throws Exception {
    try (Connection c = stranger.getConnection()) {
      c.setAutoCommit(false);
      assertDenied(c, "select count(*) from assets");
      assertDenied(c, "select current_asset_url(gen_random_uuid(), 'a0', 0)");
      assertDenied(c, "create table scratch (id int)");
    }
  }

  @Test
  void databasesMigratingAtOnceInOneClusterShareTheRoles() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> roles =
        Map.of(
            "worker_role", "race_worker_" + suffix,
            "reader_role", "race_reader_" + suffix,
            "library_role", "race_library_" + suffix);
    int databases = 4;
    for (int i = 0; i < databases; i++) {
      asSuperuser("create database race_" + suffix + "_" + i + " owner rs_owner");
    }
    ExecutorService pool = Executors.newFixedThreadPool(databases);
    try {
      List<Future<MigrateResult>> results = new ArrayList<>();
      for (int i = 0; i < databases; i++) {
        DataSource db = postgres.getDatabase("rs_owner", "race_" + suffix + "_" + i);
        results.add(pool.submit(() -> MigrationsIT.flyway(db, roles).migrate()));
      }
      for (Future<MigrateResult> result : results) {
        assertThat(result.get().success).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = owner.getConnection();
        PreparedStatement q =
            c.prepareStatement("select count(*) from pg_roles where rolname like ?")) {
      q.setString(1, "race\\_%\\_" + suffix);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }
    }
  }

  @Test
  void anOwnerWithoutCreateroleMigratesWhenTheRolesExist() throws Exception {
    asSuperuser("create role rs_plain_owner login", "create database plain owner rs_plain_owner");
    MigrateResult result =
        MigrationsIT.flyway(postgres.getDatabase("rs_plain_owner", "plain"), MigrationsIT.ROLES)
            .migrate();
    assertThat(result.success).isTrue();
  }

  private static void insertAsset(UUID ownerId, String scene) throws SQLException {
    try (Connection c = worker.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into assets (id, owner_id, project_id, scene_id, version, media_type,"
                    + " retention, bucket, object_key, content_type, size_bytes, sha256,"
                    + " source_url, source_event_id, is_current)"
                    + " values (?, ?, ?, ?, 1, 'image', 'project', 'bucket', ?, 'image/png', 1,"
                    + " ?, 'https://x', 'e', true)")) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, ownerId);
      s.setObject(3, ownerId);
      s.setString(4, scene);
      s.setString(5, ownerId + "/" + scene);
      s.setString(6, "a".repeat(64));
      s.executeUpdate();
    }
  }

  private static void bind(Connection c, String ownerId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("select set_config('mediakeep.owner_id', ?, true)")) {
      s.setString(1, ownerId);
      s.execute();
    }
  }

  private static List<UUID> owners(Connection c, String sql) throws SQLException {
    List<UUID> owners = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        owners.add(rs.getObject(1, UUID.class));
      }
    }
    return owners;
  }

  private static String currentUrl(Connection c, UUID project, String scene) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select current_asset_url(?, ?, 0)")) {
      s.setObject(1, project);
      s.setString(2, scene);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** Runs {@code sql} in a savepoint and expects PostgreSQL to refuse it for want of rights. */
  private static void assertDenied(Connection c, String sql) throws SQLException {
    var savepoint = c.setSavepoint();
    try (Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(sql))
          .as(sql)
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
    } finally {
      c.rollback(savepoint);
    }
  }

  private static void asSuperuser(String... statements) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
