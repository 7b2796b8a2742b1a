package io.mediakeep.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Flyway migrations on real PostgreSQL, and the rules the schema itself enforces. */
class MigrationsIT {

  /** The role names mediakeep itself passes. */
  static final Map<String, String> ROLES =
      Map.of(
          "worker_role", "mediakeep_worker",
          "reader_role", "mediakeep_reader",
          "library_role", "mediakeep_library");

  private static EmbeddedPostgres postgres;
  private static DataSource db;

  @BeforeAll
  static void migrate() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    db = postgres.getPostgresDatabase();
    MigrateResult result = flyway(db, ROLES).migrate();
    assertThat(result.success).isTrue();
    assertThat(result.migrationsExecuted).isPositive();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void migratingAgainIsANoOp() {
    MigrateResult again = flyway(db, ROLES).migrate();
    assertThat(again.migrationsExecuted).isZero();
  }

  @Test
  void aKeyIsStoredOnce() throws Exception {
    UUID project = UUID.randomUUID();
    insert(project, "s", 1, false, "k1");
    assertThatThrownBy(() -> insert(project, "s", 1, false, "k2"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("assets_key_uq");
  }

  @Test
  void onlyOneCurrentRowPerSceneAndVariant() throws Exception {
    UUID project = UUID.randomUUID();
    insert(project, "s", 1, true, "c1");
    insert(project, "s", 2, false, "c2");
    insert(project, "other", 1, true, "c3");
    assertThatThrownBy(() -> insert(project, "s", 3, true, "c4"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("assets_one_current_uq");
  }

  @Test
  void theViewAndTheFunctionShowTheCurrentAsset() throws Exception {
    UUID project = UUID.randomUUID();
    insert(project, "hero", 1, false, "h1");
    insert(project, "hero", 2, true, "h2");
    try (Connection c = db.getConnection();
        PreparedStatement view =
            c.prepareStatement(
                "select version, current_asset_url(?, 'hero', 0), current_asset_url(?, 'none', 0)"
                    + " from current_assets where project_id = ? and scene_id = 'hero'")) {
      view.setObject(1, project);
      view.setObject(2, project);
      view.setObject(3, project);
      try (ResultSet rs = view.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.getString(2)).isEqualTo("s3://bucket/h2");
        assertThat(rs.getString(3)).isNull();
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void badValuesAreRefusedByConstraints() {
    assertThatThrownBy(() -> insert(UUID.randomUUID(), "s", 0, false, "v0"))
        .hasMessageContaining("assets_version_ck");
  }

  @Test
  void aRejectionIsOneRowPerInputRecord() throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      String insert =
          "insert into asset_rejections (source_topic, source_partition, source_offset, reason, detail, attempts)"
              + " values ('t', 0, 42, 'TOO_LARGE', 'd', 1)";
      s.execute(insert);
      assertThatThrownBy(() -> s.execute(insert))
          .hasMessageContaining("asset_rejections_source_uq");
    }
  }

  @Test
  void aRejectionKeepsItsKeyAndStartsUnreplayed() throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "insert into asset_rejections (source_topic, source_partition, source_offset, reason,"
              + " detail, attempts, raw_key) values ('t', 1, 7, 'SOURCE_NOT_FOUND', 'd', 1, 'k')");
      try (ResultSet rs =
          s.executeQuery(
              "select raw_key, replay_generation, replay_count, last_replayed_at"
                  + " from asset_rejections where source_partition = 1 and source_offset = 7")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes(1)).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(rs.getInt(2)).isZero();
        assertThat(rs.getInt(3)).isZero();
        assertThat(rs.getObject(4)).isNull();
      }
      assertThatThrownBy(
              () ->
                  s.execute(
                      "update asset_rejections set replay_generation = -1"
                          + " where source_partition = 1 and source_offset = 7"))
          .hasMessageContaining("asset_rejections_replay_generation_ck");
    }
  }

  static Flyway flyway(DataSource db, Map<String, String> roles) {
    return Flyway.configure()
        .dataSource(db)
        .locations("classpath:db/migration")
        .placeholders(roles)
        .load();
  }

  private static void insert(UUID project, String scene, int version, boolean current, String key)
      throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into assets (id, owner_id, project_id, scene_id, version, variant, media_type,"
                    + " retention, bucket, object_key, content_type, size_bytes, sha256, source_url,"
                    + " source_event_id, is_current)"
                    + " values (?, ?, ?, ?, ?, 0, 'image', 'project', 'bucket', ?, 'image/png', 1, ?,"
                    + " 'https://x', 'e', ?)")) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, UUID.randomUUID());
      s.setObject(3, project);
      s.setString(4, scene);
      s.setInt(5, version);
      s.setString(6, key);
      s.setString(7, "a".repeat(64));
      s.setBoolean(8, current);
      s.executeUpdate();
    }
  }
}
