package io.mediakeep.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's SQL API on real PostgreSQL, called as the app calls it: a login in {@code
 * mediakeep_library} ({@code mediakeep_app}), bound to one owner by {@code mediakeep.owner_id} or
 * by PostgREST's {@code request.jwt.claims}. Entries are made as the worker makes them when it
 * promotes, by a login in {@code mediakeep_worker} bound to the owner.
 */
class LibraryIT {

  private static final String NOT_FOUND = "P0002";
  private static final String DENIED = "42501";

  private static EmbeddedPostgres postgres;
  private static DataSource admin;
  private static DataSource app;
  private static DataSource worker;

  @BeforeAll
  static void migrate() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    admin = postgres.getPostgresDatabase();
    assertThat(MigrationsIT.flyway(admin, MigrationsIT.ROLES).migrate().success).isTrue();
    execute(
        admin,
        "create role mediakeep_app login in role mediakeep_library",
        "create role lib_worker login in role mediakeep_worker");
    app = postgres.getDatabase("mediakeep_app", "postgres");
    worker = postgres.getDatabase("lib_worker", "postgres");
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void theFunctionsOrganiseTheBoundOwnersLibrary() throws Exception {
    UUID owner = UUID.randomUUID();
    List<UUID> entries = List.of(entry(owner), entry(owner), entry(owner));
    try (Connection c = bound(app, owner)) {
      UUID stills = uuid(c, "select create_collection('Stills', 'frames I like')");
      UUID hero = uuid(c, "select create_collection(name => ' Hero shots ')");
      call(c, "select file_asset(?, ?)", entries.get(0), stills);
      call(c, "select file_asset(?, ?)", entries.get(1), stills);
      call(c, "select file_asset(?, ?)", entries.get(1), hero);
      call(c, "select file_asset(?, ?)", entries.get(2), hero);
      call(c, "select file_asset(?, null)", entries.get(2));
      call(c, "select set_asset_title(?, ?)", entries.get(0), "  Opening frame ");
      call(c, "select set_asset_favorite(?, true)", entries.get(0));
      call(c, "select set_asset_visibility(?, 'unlisted')", entries.get(0));
      call(c, "select rename_collection(?, 'Best stills', null)", stills);
      c.commit();

      assertThat(text(c, "select name from collections where id = '" + hero + "'"))
          .isEqualTo("Hero shots");
      assertThat(
              text(
                  c,
                  "select name || '/' || coalesce(description, '-') from collections"
                      + " where id = '"
                      + stills
                      + "'"))
          .isEqualTo("Best stills/-");
      assertThat(
              text(
                  c,
                  "select custom_title || '/' || is_favorite || '/' || visibility"
                      + " from library_assets where id = '"
                      + entries.get(0)
                      + "'"))
          .isEqualTo("Opening frame/true/unlisted");
      assertThat(count(stills)).isEqualTo(1).isEqualTo(filed(stills));
      assertThat(count(hero)).isEqualTo(1).isEqualTo(filed(hero));

      call(c, "select delete_collection(?)", hero);
      c.commit();
      assertThat(
              text(
                  c,
                  "select coalesce(collection_id::text, 'unfiled') from library_assets"
                      + " where id = '"
                      + entries.get(1)
                      + "'"))
          .isEqualTo("unfiled");
      assertThat(uuids(c, "select id from collections order by created_at desc"))
          .containsExactly(stills);
      assertThat(uuids(c, "select id from library_assets order by created_at desc"))
          .containsExactlyElementsOf(entries.reversed());
    }
  }

  @Test
  void tagsAreTrimmedDedupedAndBounded() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID entry = entry(owner);
    try (Connection c = bound(app, owner)) {
      call(c, "select set_asset_tags(?, array[' hero', 'night', 'hero ', '', null, 'b'])", entry);
      assertThat(text(c, "select array_to_string(tags, ',') from library_assets"))
          .isEqualTo("hero,night,b");
      assertThat(
              state(
                  c,
                  "select set_asset_tags('"
                      + entry
                      + "', array(select 't' || n from generate_series(1, 101) n))"))
          .isEqualTo("22023");
      assertThat(state(c, "select set_asset_visibility('" + entry + "', 'friends')"))
          .isEqualTo("22023");
      assertThat(state(c, "select create_collection('  ')")).isEqualTo("22023");
    }
  }

  @Test
  void anotherOwnersIdsAreNotFoundWhateverTheCallerGuesses() throws Exception {
    UUID victim = UUID.randomUUID();
    UUID intruder = UUID.randomUUID();
    UUID theirEntry = entry(victim);
    UUID theirCollection;
    try (Connection c = bound(app, victim)) {
      theirCollection = uuid(c, "select create_collection('private')");
      call(c, "select file_asset(?, ?)", theirEntry, theirCollection);
      c.commit();
    }
    UUID myEntry = entry(intruder);
    try (Connection c = bound(app, intruder)) {
      for (String sql :
          List.of(
              "select file_asset('%1$s', null)",
              "select set_asset_title('%1$s', 'mine now')",
              "select set_asset_tags('%1$s', array['x'])",
              "select set_asset_favorite('%1$s', true)",
              "select set_asset_visibility('%1$s', 'public')",
              "select rename_collection('%2$s', 'mine')",
              "select delete_collection('%2$s')",
              "select file_asset('" + myEntry + "', '%2$s')")) {
        assertThat(state(c, sql.formatted(theirEntry, theirCollection)))
            .as(sql)
            .isEqualTo(NOT_FOUND);
      }
      assertThat(uuids(c, "select owner_id from library_assets")).containsOnly(intruder);
      assertThat(uuids(c, "select id from collections")).isEmpty();
      assertThat(updated(c, "update library_assets set custom_title = 'x'")).isEqualTo(1);
      c.rollback();
    }
    assertThat(count(theirCollection)).isEqualTo(1).isEqualTo(filed(theirCollection));
    assertThat(
            adminText(
                "select coalesce(custom_title, '-') || is_favorite || visibility"
                    + " from library_assets where id = '"
                    + theirEntry
                    + "'"))
        .isEqualTo("-falseprivate");
  }

  @Test
  void postgrestClaimsBindTheSessionBySubAndAClaimWithoutSubBindsNoOne() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID entry = entry(owner);
    entry(UUID.randomUUID());
    try (Connection c = app.getConnection()) {
      c.setAutoCommit(false);
      claims(c, "{\"sub\":\"" + owner + "\",\"role\":\"mediakeep_app\"}");
      assertThat(uuids(c, "select id from library_assets")).containsExactly(entry);
      UUID mine = uuid(c, "select create_collection('via PostgREST')");
      c.commit();
      assertThat(adminText("select owner_id from collections where id = '" + mine + "'"))
          .isEqualTo(owner.toString());

      claims(c, "{\"role\":\"anon\"}");
      // The claims win over mediakeep.owner_id: an anonymous request acts for no one.
      c.createStatement().execute("select set_config('mediakeep.owner_id', '" + owner + "', true)");
      assertThat(uuids(c, "select id from library_assets")).isEmpty();
      assertThat(state(c, "select create_collection('anon')")).isEqualTo(DENIED);
    }
  }

  @Test
  void anUnboundSessionSeesNothingAndChangesNothing() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID entry = entry(owner);
    try (Connection c = app.getConnection()) {
      c.setAutoCommit(false);
      assertThat(uuids(c, "select id from library_assets")).isEmpty();
      assertThat(uuids(c, "select id from collections")).isEmpty();
      assertThat(state(c, "select create_collection('x')")).isEqualTo(DENIED);
      assertThat(state(c, "select set_asset_title('" + entry + "', 'x')")).isEqualTo(DENIED);
    }
  }

  @Test
  void theAppCannotWriteWhatOnlyTheWorkerOrTheTriggerWrites() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID entry = entry(owner);
    try (Connection c = bound(app, owner)) {
      UUID collection = uuid(c, "select create_collection('c')");
      c.commit();
      for (String sql :
          List.of(
              "update collections set asset_count = 99",
              "update collections set owner_id = gen_random_uuid()",
              "update library_assets set object_key = 'elsewhere'",
              "update library_assets set owner_id = gen_random_uuid()",
              "delete from library_assets where id = '" + entry + "'",
              "insert into library_assets (id, owner_id, source_asset_id, media_type, bucket,"
                  + " object_key, content_type, size_bytes, sha256) values (gen_random_uuid(), '"
                  + owner
                  + "', gen_random_uuid(), 'image', 'b', 'k', 'image/png', 1, repeat('a', 64))",
              "insert into collections (id, owner_id, name, asset_count) values"
                  + " (gen_random_uuid(), '"
                  + owner
                  + "', 'n', 5)",
              "select remove_library_asset('" + entry + "')",
              "delete from assets",
              "select count(*) from asset_removals")) {
        assertThat(state(c, sql)).as(sql).isEqualTo(DENIED);
      }
      assertThat(count(collection)).isZero();
    }
  }

  @Test
  void concurrentFilingIntoOneCollectionIsCountedRight() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID target;
    try (Connection c = bound(app, owner)) {
      target = uuid(c, "select create_collection('busy')");
      c.commit();
    }
    int threads = 8;
    int each = 25;
    List<UUID> entries = new ArrayList<>();
    for (int i = 0; i < threads * each; i++) {
      entries.add(entry(owner));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<UUID> mine = entries.subList(t * each, (t + 1) * each);
        done.add(
            pool.submit(
                () -> {
                  try (Connection c = bound(app, owner)) {
                    for (UUID entry : mine) {
                      call(c, "select file_asset(?, ?)", entry, target);
                      c.commit();
                    }
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

  /**
   * Six sessions of the app file, move and unfile entries at random, delete and create collections,
   * while the worker removes entries (delete commands) and then purges the owner's library. No call
   * fails but for what it may not find, none deadlocks, and every count equals the entries filed.
   */
  @Test
  void countsStayRightUnderConcurrentFilingMovingUnfilingRemovingAndPurging() throws Exception {
    UUID owner = UUID.randomUUID();
    List<UUID> entries = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 60; i++) {
      entries.add(entry(owner));
    }
    List<UUID> collections = Collections.synchronizedList(new ArrayList<>());
    try (Connection c = bound(app, owner)) {
      for (int i = 0; i < 4; i++) {
        collections.add(uuid(c, "select create_collection('c" + i + "')"));
      }
      c.commit();
    }
    ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(7);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        Random random = new Random(t);
        done.add(
            pool.submit(
                () -> {
                  try (Connection c = bound(app, owner)) {
                    for (int i = 0; i < 150; i++) {
                      UUID entry = entries.get(random.nextInt(entries.size()));
                      int dice = random.nextInt(20);
                      String sql;
                      Object[] args;
                      if (dice == 0) {
                        sql = "select delete_collection(?)";
                        args = new Object[] {pick(collections, random)};
                      } else if (dice == 1) {
                        sql = "select create_collection('more')";
                        args = new Object[0];
                      } else if (dice < 5) {
                        sql = "select file_asset(?, null)";
                        args = new Object[] {entry};
                      } else {
                        sql = "select file_asset(?, ?)";
                        args = new Object[] {entry, pick(collections, random)};
                      }
                      try {
                        UUID made = call(c, sql, args);
                        c.commit();
                        if (dice == 1) {
                          collections.add(made);
                        }
                      } catch (SQLException e) {
                        c.rollback();
                        if (!NOT_FOUND.equals(e.getSQLState())) {
                          unexpected.add(e.getSQLState() + " " + e.getMessage());
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      done.add(
          pool.submit(
              () -> {
                Random random = new Random(99);
                try (Connection c = bound(worker, owner)) {
                  for (int i = 0; i < 20; i++) {
                    call(c, "select id from remove_library_asset(?)", pick(entries, random));
                    c.commit();
                    Thread.sleep(5);
                  }
                }
                return null;
              }));
      for (Future<?> future : done) {
        future.get();
      }
      assertCountsRight(owner);

      // The purge, as the worker runs it: the owner's library lock first, then every entry and
      // collection removed, while the app keeps filing.
      Future<?> filing =
          pool.submit(
              () -> {
                Random random = new Random(7);
                try (Connection c = bound(app, owner)) {
                  for (int i = 0; i < 200; i++) {
                    try {
                      call(
                          c,
                          "select file_asset(?, ?)",
                          pick(entries, random),
                          pick(collections, random));
                      c.commit();
                    } catch (SQLException e) {
                      c.rollback();
                      if (!NOT_FOUND.equals(e.getSQLState())) {
                        unexpected.add(e.getSQLState() + " " + e.getMessage());
                      }
                    }
                  }
                }
                return null;
              });
      Thread.sleep(20);
      try (Connection c = bound(worker, owner);
          Statement s = c.createStatement()) {
        // The owner's library lock, as JooqPurges takes it before any row.
        s.execute("select pg_advisory_xact_lock(hashtextextended('library:" + owner + "', 0))");
        s.execute("delete from library_assets");
        s.execute("delete from collections");
        c.commit();
      }
      filing.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(unexpected).isEmpty();
    assertThat(adminText("select count(*) from library_assets where owner_id = '" + owner + "'"))
        .isEqualTo("0");
    assertThat(adminText("select count(*) from collections where owner_id = '" + owner + "'"))
        .isEqualTo("0");
  }

  @Test
  void v4FilingsBecomeOneLibraryEntryPerAssetWithTheirOrganisation() throws Exception {
    String database = "v4_" + UUID.randomUUID().toString().substring(0, 8);
    execute(admin, "create database " + database);
    DataSource v4 = postgres.getDatabase("postgres", database);
    var flyway =
        org.flywaydb.core.Flyway.configure()
            .dataSource(v4)
            .locations("classpath:db/migration")
            .placeholders(MigrationsIT.ROLES);
    assertThat(flyway.target(MigrationVersion.fromVersion("4")).load().migrate().success).isTrue();
    UUID owner = UUID.randomUUID();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    UUID filedTwice = UUID.randomUUID();
    UUID filedOnce = UUID.randomUUID();
    execute(
        v4,
        "insert into collections (id, owner_id, name, visibility) values"
            + " ('"
            + first
            + "', '"
            + owner
            + "', 'first', 'private'),"
            + " ('"
            + second
            + "', '"
            + owner
            + "', 'second', 'public')",
        v4Asset(filedTwice, owner, "hero"),
        v4Asset(filedOnce, owner, "extra"),
        "insert into collection_assets (collection_id, asset_id, owner_id, favourite, tags,"
            + " added_at) values"
            + " ('"
            + second
            + "', '"
            + filedTwice
            + "', '"
            + owner
            + "', false, '{night,hero}',"
            + " now() - interval '2 days'),"
            + " ('"
            + first
            + "', '"
            + filedTwice
            + "', '"
            + owner
            + "', true, '{hero,final}',"
            + " now() - interval '1 day'),"
            + " ('"
            + first
            + "', '"
            + filedOnce
            + "', '"
            + owner
            + "', false, '{}', now())");

    assertThat(flyway.target(MigrationVersion.LATEST).load().migrate().success).isTrue();

    try (Connection c = v4.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select source_asset_id, collection_id, array_to_string(tags, ','), is_favorite,"
                    + " visibility, copy_pending, object_key, prompt from library_assets"
                    + " order by created_at")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(1, UUID.class)).isEqualTo(filedTwice);
      assertThat(rs.getObject(2, UUID.class)).isEqualTo(second);
      assertThat(rs.getString(3)).isEqualTo("final,hero,night");
      assertThat(rs.getBoolean(4)).isTrue();
      assertThat(rs.getString(5)).isEqualTo("public");
      assertThat(rs.getBoolean(6)).isTrue();
      assertThat(rs.getString(7)).isEqualTo(owner + "/hero");
      assertThat(rs.getString(8)).isEqualTo("a prompt");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(1, UUID.class)).isEqualTo(filedOnce);
      assertThat(rs.getObject(2, UUID.class)).isEqualTo(first);
      assertThat(rs.getString(5)).isEqualTo("private");
      assertThat(rs.next()).isFalse();
    }
    try (Connection c = v4.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select name, asset_count from collections order by name")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1) + rs.getInt(2)).isEqualTo("first1");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1) + rs.getInt(2)).isEqualTo("second1");
    }
  }

  private static String v4Asset(UUID id, UUID owner, String scene) {
    return "insert into assets (id, owner_id, project_id, scene_id, version, media_type, retention,"
        + " bucket, object_key, content_type, size_bytes, sha256, source_url, source_event_id,"
        + " prompt) values ('"
        + id
        + "', '"
        + owner
        + "', gen_random_uuid(), '"
        + scene
        + "', 1, 'image', 'workspace', 'mediakeep-workspace', '"
        + owner
        + "/"
        + scene
        + "', 'image/png', 1, repeat('a', 64), 'https://x', 'e', 'a prompt')";
  }

  private void assertCountsRight(UUID owner) throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select c.id, c.asset_count, (select count(*) from library_assets l"
                    + " where l.collection_id = c.id) from collections c where c.owner_id = '"
                    + owner
                    + "'")) {
      int checked = 0;
      while (rs.next()) {
        assertThat(rs.getInt(2)).as("count of %s", rs.getString(1)).isEqualTo(rs.getInt(3));
        checked++;
      }
      assertThat(checked).isPositive();
    }
  }

  /** A library entry of {@code owner}, inserted as the worker inserts one when it promotes. */
  private static UUID entry(UUID owner) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = bound(worker, owner);
        PreparedStatement s =
            c.prepareStatement(
                "insert into library_assets (id, owner_id, source_asset_id, media_type, bucket,"
                    + " object_key, content_type, size_bytes, sha256, created_at)"
                    + " values (?, ?, gen_random_uuid(), 'image', 'mediakeep-library', ?,"
                    + " 'image/png', 1, repeat('a', 64), clock_timestamp())")) {
      s.setObject(1, id);
      s.setObject(2, owner);
      s.setString(3, owner + "/" + id + ".png");
      s.executeUpdate();
      c.commit();
    }
    return id;
  }

  private static UUID pick(List<UUID> from, Random random) {
    synchronized (from) {
      return from.get(random.nextInt(from.size()));
    }
  }

  /**
   * A connection bound to {@code owner}, in a transaction. The binding is session-wide here, so it
   * survives the commits a test makes between calls; these connections are never pooled.
   */
  private static Connection bound(DataSource db, UUID owner) throws SQLException {
    Connection c = db.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("select set_config('mediakeep.owner_id', '" + owner + "', false)");
    }
    c.setAutoCommit(false);
    return c;
  }

  private static void claims(Connection c, String json) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
      s.setString(1, json);
      s.execute();
    }
  }

  /** Runs a function call with positional arguments; returns its uuid result, if any. */
  private static UUID call(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next() && rs.getMetaData().getColumnType(1) == java.sql.Types.OTHER) {
          Object value = rs.getObject(1);
          return value instanceof UUID id ? id : null;
        }
        return null;
      }
    }
  }

  private static UUID uuid(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getObject(1, UUID.class);
    }
  }

  private static String text(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static List<UUID> uuids(Connection c, String sql) throws SQLException {
    List<UUID> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getObject(1, UUID.class));
      }
    }
    return rows;
  }

  private static int updated(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  /** The SQLSTATE the statement fails with, in a savepoint so the transaction goes on. */
  private static String state(Connection c, String sql) throws SQLException {
    var savepoint = c.setSavepoint();
    try (Statement s = c.createStatement()) {
      s.execute(sql);
      c.releaseSavepoint(savepoint);
      return "succeeded";
    } catch (SQLException e) {
      c.rollback(savepoint);
      return e.getSQLState();
    }
  }

  private static int count(UUID collection) throws SQLException {
    return Integer.parseInt(
        adminText("select asset_count from collections where id = '" + collection + "'"));
  }

  private static int filed(UUID collection) throws SQLException {
    return Integer.parseInt(
        adminText(
            "select count(*) from library_assets where collection_id = '" + collection + "'"));
  }

  private static String adminText(String sql) throws SQLException {
    try (Connection c = admin.getConnection()) {
      return text(c, sql);
    }
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
