package io.mediakeep.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reads of the video phase on real PostgreSQL: a project's timeline, its final video and its
 * scenes in the old imageUrls shape, as a reader and as the app see them under row security.
 */
class ProjectReadsIT {

  private static final UUID OWNER = UUID.randomUUID();
  private static final UUID PROJECT = UUID.randomUUID();

  private static EmbeddedPostgres postgres;
  private static DataSource admin;
  private static DataSource reader;
  private static DataSource app;

  @BeforeAll
  static void migrate() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    admin = postgres.getPostgresDatabase();
    assertThat(MigrationsIT.flyway(admin, MigrationsIT.ROLES).migrate().success).isTrue();
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute("create role pr_reader login in role mediakeep_reader");
      s.execute("create role pr_app login in role mediakeep_library");
    }
    reader = postgres.getDatabase("pr_reader", "postgres");
    app = postgres.getDatabase("pr_app", "postgres");
    // Shuffled on purpose: order comes from position and role, never from arrival.
    insert("clip-2", "clip", 2, 0, true, null, "video/mp4");
    insert("frame-3", "frame", 3, 0, true, null, "image/png");
    insert("frame-1", "frame", 1, 0, true, "https://cdn.example/f1.png", "image/png");
    insert("clip-1", "clip", 1, 0, true, null, "video/webm");
    insert("frame-2", "frame", 2, 0, true, null, "image/png");
    insert("frame-2", "frame", 2, 0, false, null, "image/png");
    insert("outro", "frame", null, 0, true, null, "image/png");
    insert("final", "final", null, 0, true, null, "video/mp4");
    insert("scene-2", "scene_image", 2, 1, true, null, "image/png");
    insert("scene-2", "scene_image", 2, 0, true, "https://cdn.example/s2-0.png", "image/png");
    insert("scene-1", "scene_image", 1, 0, true, null, "image/jpeg");
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "update assets set state = 'expired', removed_at = now(), is_current = false"
              + " where scene_id = 'frame-3'");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void theTimelineHoldsTheCurrentFramesAndClipsInSequenceFramesFirst() throws Exception {
    for (DataSource who : List.of(reader, app)) {
      List<String> timeline =
          rows(
              who,
              OWNER,
              "select scene_id || ':' || role || ':' || coalesce(position::text, '-') || ':' || url"
                  + " from project_timeline(?)");
      assertThat(timeline)
          .containsExactly(
              "frame-1:frame:1:https://cdn.example/f1.png",
              "clip-1:clip:1:s3://b/" + key("clip-1", 0, true),
              "frame-2:frame:2:s3://b/" + key("frame-2", 0, true),
              "clip-2:clip:2:s3://b/" + key("clip-2", 0, true),
              "outro:frame:-:s3://b/" + key("outro", 0, true));
    }
  }

  @Test
  void theFinalVideoAndTheScenesInTheOldShape() throws Exception {
    assertThat(
            rows(
                reader,
                OWNER,
                "select scene_id || ':' || content_type from project_final_video(?)"))
        .containsExactly("final:video/mp4");
    List<String> scenes = new ArrayList<>();
    try (Connection c = bound(app, OWNER);
        PreparedStatement s =
            c.prepareStatement(
                "select scene_id, position, image_urls from project_scene_images(?)")) {
      s.setObject(1, PROJECT);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Array urls = rs.getArray(3);
          scenes.add(
              rs.getString(1)
                  + ":"
                  + rs.getInt(2)
                  + ":"
                  + Arrays.toString((Object[]) urls.getArray()));
        }
      }
    }
    assertThat(scenes)
        .containsExactly(
            "scene-1:1:[s3://b/" + key("scene-1", 0, true) + "]",
            "scene-2:2:[https://cdn.example/s2-0.png, s3://b/" + key("scene-2", 1, true) + "]");
  }

  @Test
  void anotherOwnerAndAnUnboundSessionSeeNothing() throws Exception {
    for (DataSource who : List.of(reader, app)) {
      assertThat(rows(who, UUID.randomUUID(), "select scene_id from project_timeline(?)"))
          .isEmpty();
      assertThat(rows(who, UUID.randomUUID(), "select scene_id from project_scene_images(?)"))
          .isEmpty();
      assertThat(rows(who, null, "select scene_id from project_final_video(?)")).isEmpty();
    }
  }

  private static String key(String scene, int variant, boolean current) {
    return OWNER + "/" + scene + "-" + variant + (current ? "" : "-old");
  }

  private static void insert(
      String scene,
      String role,
      Integer position,
      int variant,
      boolean current,
      String url,
      String contentType)
      throws SQLException {
    try (Connection c = admin.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into assets (id, owner_id, project_id, scene_id, version, variant,"
                    + " media_type, retention, bucket, object_key, url, content_type, size_bytes,"
                    + " sha256, source_url, source_event_id, is_current, role, position)"
                    + " values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, 'project', 'b', ?, ?, ?, 1,"
                    + " repeat('a', 64), 'https://x', 'e', ?, ?, ?)")) {
      s.setObject(1, OWNER);
      s.setObject(2, PROJECT);
      s.setString(3, scene);
      s.setInt(4, current ? 2 : 1);
      s.setInt(5, variant);
      s.setString(6, contentType.startsWith("video") ? "video" : "image");
      s.setString(7, key(scene, variant, current));
      s.setString(8, url);
      s.setString(9, contentType);
      s.setBoolean(10, current);
      s.setString(11, role);
      s.setObject(12, position);
      s.executeUpdate();
    }
  }

  private static Connection bound(DataSource db, UUID owner) throws SQLException {
    Connection c = db.getConnection();
    c.setAutoCommit(false);
    if (owner != null) {
      try (PreparedStatement s =
          c.prepareStatement("select set_config('mediakeep.owner_id', ?, true)")) {
        s.setString(1, owner.toString());
        s.execute();
      }
    }
    return c;
  }

  private static List<String> rows(DataSource db, UUID owner, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = bound(db, owner);
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, PROJECT);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
    }
    return rows;
  }
}
