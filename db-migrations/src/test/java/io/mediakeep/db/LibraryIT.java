package io.mediakeep.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library on real PostgreSQL: collection counts that follow filing, taking out, moving and
 * concurrent filing; an asset filed only with its own owner's collections; readers that see one
 * owner's library. Nothing in mediakeep writes the library yet, so writes here run as the
 * superuser, which skips row security but not triggers or constraints.
 */
class LibraryIT {

  private static EmbeddedPostgres postgres;
  private static DataSource admin;
  private static DataSource reader;

  @BeforeAll
  static void migrate() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    admin = postgres.getPostgresDatabase();
    assertThat(MigrationsIT.flyway(admin, MigrationsIT.ROLES).migrate().success).isTrue();
    execute(admin, "create role lib_reader login in role mediakeep_reader");
    reader = postgres.getDatabase("lib_reader", "postgres");
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void theCountFollowsFilingTakingOutAndMoving() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID first = collection(owner, "first");
    UUID second = collection(owner, "second");
    List<UUID> assets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      assets.add(asset(owner));
    }

    file(first, assets.get(0), owner);
    file(first, assets.get(1), owner);
    file(first, assets.get(2), owner);
    assertThat(count(first)).isEqualTo(3);

    execute(admin, "delete from collection_assets where asset_id = '" + assets.get(1) + "'");
    assertThat(count(first)).isEqualTo(2);

    execute(
        admin,
        "update collection_assets set collection_id = '"
            + second
            + "'"
            + " where asset_id = '"
            + assets.get(2)
            + "'");
    assertThat(count(first)).isEqualTo(1);
    assertThat(count(second)).isEqualTo(1);

    execute(
        admin,
        "update collection_assets set favourite = true, tags = array['hero', 'final']"
            + " where collection_id = '"
            + first
            + "'");
    assertThat(count(first)).isEqualTo(1);

    execute(
        admin,
        "insert into collection_assets (collection_id, asset_id, owner_id) values"
            + " ('"
            + second
            + "', '"
            + assets.get(0)
            + "', '"
            + owner
            + "'),"
            + " ('"
            + second
            + "', '"
            + assets.get(3)
            + "', '"
            + owner
            + "')");
    assertThat(count(second)).isEqualTo(3);
    assertThat(filed(second)).isEqualTo(3);

    execute(admin, "delete from collections where id = '" + second + "'");
    assertThat(filed(second)).isZero();
    assertThat(count(first)).isEqualTo(1);
  }

  @Test
  void concurrentFilingIntoOneCollectionIsCountedRight() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID target = collection(owner, "busy");
    int threads = 8;
    int each = 25;
    List<UUID> assets = new ArrayList<>();
    for (int i = 0; i < threads * each; i++) {
      assets.add(asset(owner));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<UUID> mine = assets.subList(t * each, (t + 1) * each);
        done.add(
            pool.submit(
                () -> {
                  for (UUID asset : mine) {
                    file(target, asset, owner);
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(target)).isEqualTo(threads * each).isEqualTo(filed(target));
  }

  @Test
  void anAssetIsFiledOnlyWithItsOwnersCollections() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    UUID mine = collection(owner, "mine");
    UUID theirs = collection(other, "theirs");
    UUID theirAsset = asset(other);
    UUID myAsset = asset(owner);

    assertThatThrownBy(() -> file(mine, theirAsset, owner))
        .hasMessageContaining("collection_assets_asset_fk");
    assertThatThrownBy(() -> file(mine, theirAsset, other))
        .hasMessageContaining("collection_assets_collection_fk");
    file(mine, myAsset, owner);
    assertThatThrownBy(
            () ->
                execute(
                    admin,
                    "update collection_assets set collection_id = '"
                        + theirs
                        + "'"
                        + " where asset_id = '"
                        + myAsset
                        + "'"))
        .hasMessageContaining("collection_assets_collection_fk");
    assertThat(count(mine)).isEqualTo(1);
    assertThat(count(theirs)).isZero();
  }

  @Test
  void aReaderSeesTheLibraryOfTheOwnerItIsBoundToAndChangesNothing() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    file(collection(owner, "a"), asset(owner), owner);
    file(collection(other, "b"), asset(other), other);

    try (Connection c = reader.getConnection();
        Statement s = c.createStatement()) {
      assertThat(rows(s, "select owner_id from collections")).isEmpty();
      assertThat(rows(s, "select owner_id from collection_assets")).isEmpty();
      c.setAutoCommit(false);
      s.execute("select set_config('mediakeep.owner_id', '" + owner + "', true)");
      assertThat(rows(s, "select owner_id from collections")).containsExactly(owner);
      assertThat(rows(s, "select owner_id from collection_assets")).containsExactly(owner);
      assertThatThrownBy(() -> s.execute("update collections set name = 'x'"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42501");
      c.rollback();
    }
  }

  @Test
  void aRoleThatCannotSeeTheCollectionCannotFileIntoIt() throws Exception {
    execute(
        admin,
        "create role lib_blind login",
        "grant select, insert on collection_assets to lib_blind",
        "grant select, update on collections to lib_blind",
        "create policy blind_files on collection_assets to lib_blind"
            + " using (true) with check (true)");
    UUID owner = UUID.randomUUID();
    UUID hidden = collection(owner, "hidden");
    UUID asset = asset(owner);
    DataSource blind = postgres.getDatabase("lib_blind", "postgres");
    assertThatThrownBy(
            () ->
                execute(
                    blind,
                    "insert into collection_assets (collection_id, asset_id, owner_id)"
                        + " values ('"
                        + hidden
                        + "', '"
                        + asset
                        + "', '"
                        + owner
                        + "')"))
        .hasMessageContaining("not visible");
    assertThat(count(hidden)).isZero();
    assertThat(filed(hidden)).isZero();
  }

  private static UUID collection(UUID owner, String name) throws SQLException {
    UUID id = UUID.randomUUID();
    execute(
        admin,
        "insert into collections (id, owner_id, name) values ('"
            + id
            + "', '"
            + owner
            + "', '"
            + name
            + "')");
    return id;
  }

  private static UUID asset(UUID owner) throws SQLException {
    UUID id = UUID.randomUUID();
    execute(
        admin,
        "insert into assets (id, owner_id, project_id, scene_id, version, media_type, retention,"
            + " bucket, object_key, content_type, size_bytes, sha256, source_url, source_event_id)"
            + " values ('"
            + id
            + "', '"
            + owner
            + "', gen_random_uuid(), 's', 1, 'image',"
            + " 'project', 'bucket', '"
            + id
            + "', 'image/png', 1, repeat('a', 64), 'https://x',"
            + " 'e')");
    return id;
  }

  private static void file(UUID collection, UUID asset, UUID owner) throws SQLException {
    execute(
        admin,
        "insert into collection_assets (collection_id, asset_id, owner_id) values ('"
            + collection
            + "', '"
            + asset
            + "', '"
            + owner
            + "')");
  }

  private static int count(UUID collection) throws SQLException {
    return intOf("select asset_count from collections where id = '" + collection + "'");
  }

  private static int filed(UUID collection) throws SQLException {
    return intOf(
        "select count(*) from collection_assets where collection_id = '" + collection + "'");
  }

  private static int intOf(String sql) throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }

  private static List<UUID> rows(Statement s, String sql) throws SQLException {
    List<UUID> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getObject(1, UUID.class));
      }
    }
    return rows;
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
