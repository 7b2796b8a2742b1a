package io.mediakeep.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V7 fills {@code projects} from the assets stored before it, migrating as the schema's owner (no
 * superuser, so FORCE row security would hide every row from it unless the migration turns it off
 * for its own transaction). A project two owners raced into keeps the owner of its earliest asset.
 */
class ProjectsMigrationIT {

  private static EmbeddedPostgres postgres;
  private static DataSource admin;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    admin = postgres.getPostgresDatabase();
    execute(
        admin,
        "create role mediakeep_worker nologin",
        "create role mediakeep_reader nologin",
        "create role mediakeep_library nologin",
        "create role schema_owner login",
        "create database v7 owner schema_owner");
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void projectsAreFilledFromTheAssetsStoredBefore() throws Exception {
    DataSource asOwner = postgres.getDatabase("schema_owner", "v7");
    DataSource asAdmin = postgres.getDatabase("postgres", "v7");
    Flyway flyway =
        Flyway.configure()
            .dataSource(asOwner)
            .locations("classpath:db/migration")
            .placeholders(MigrationsIT.ROLES)
            .target(MigrationVersion.fromVersion("6"))
            .load();
    assertThat(flyway.migrate().success).isTrue();

    UUID alone = UUID.randomUUID();
    UUID raced = UUID.randomUUID();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    execute(
        asAdmin,
        asset(alone, first, "s1", "now() - interval '3 days'"),
        asset(alone, first, "s2", "now() - interval '2 days'"),
        asset(raced, second, "b", "now() - interval '1 day'"),
        asset(raced, first, "a", "now() - interval '2 days'"));

    assertThat(
            Flyway.configure()
                .dataSource(asOwner)
                .locations("classpath:db/migration")
                .placeholders(MigrationsIT.ROLES)
                .load()
                .migrate()
                .success)
        .isTrue();

    Map<UUID, UUID> owners = new HashMap<>();
    try (Connection c = asAdmin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select project_id, owner_id from projects")) {
      while (rs.next()) {
        owners.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
      }
    }
    assertThat(owners).containsOnly(Map.entry(alone, first), Map.entry(raced, first));
    try (Connection c = asOwner.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from assets")) {
      rs.next();
      assertThat(rs.getInt(1)).as("FORCE row security is back on: the owner sees no row").isZero();
    }
  }

  private static String asset(UUID project, UUID owner, String scene, String createdAt) {
    return "insert into assets (id, owner_id, project_id, scene_id, version, media_type, retention,"
        + " bucket, object_key, content_type, size_bytes, sha256, source_url, source_event_id,"
        + " created_at) values (gen_random_uuid(), '"
        + owner
        + "', '"
        + project
        + "', '"
        + scene
        + "', 1, 'image', 'project', 'mediakeep-project', '"
        + owner
        + "/"
        + project
        + "/"
        + scene
        + "', 'image/png', 1, repeat('a', 64), 'https://x', 'e', "
        + createdAt
        + ")";
  }

  private static void execute(DataSource db, String... statements) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
