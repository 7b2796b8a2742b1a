package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;
import static io.mediakeep.db.jooq.Tables.CURRENT_ASSETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.core.AssetKey;
import io.mediakeep.worker.core.NewAsset;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads bound to one owner through a small pool of reader connections, each connection serving
 * owner after owner: no read sees another owner's row, and a connection handed back sees nothing.
 * Everything connects as ordinary logins (superusers would skip row security); the rows are written
 * by the worker's code as a worker login, so that login's grants are shown to be enough.
 */
class TenantReadsIT {

  private static final int OWNERS = 6;
  private static final int READS = 10_000;
  private static final int THREADS = 8;
  private static final int POOL = 4;
  private static final String PASSWORD = "secret";
  private static final Field<Integer> BACKEND_PID = DSL.field("pg_backend_pid()", Integer.class);

  private static EmbeddedPostgres postgres;
  private static String url;
  private static String workerLogin;
  private static String readerLogin;
  private static final List<Owner> owners = new ArrayList<>();

  /** An owner's rows as written: one project, some scenes, two versions of each. */
  private record Owner(UUID id, UUID project, int scenes) {
    int assets() {
      return 2 * scenes;
    }
  }

  @BeforeAll
  static void migrateAndFill() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String ownerLogin = "owner_" + suffix;
    workerLogin = "worker_" + suffix;
    readerLogin = "reader_" + suffix;
    asSuperuser(
        "create role " + Database.WORKER_ROLE + " nologin",
        "create role " + Database.READER_ROLE + " nologin",
        "create role " + Database.LIBRARY_ROLE + " nologin",
        "create role " + ownerLogin + " login password '" + PASSWORD + "'",
        "create database tenants owner " + ownerLogin,
        "create role "
            + workerLogin
            + " login password '"
            + PASSWORD
            + "'"
            + " in role "
            + Database.WORKER_ROLE,
        "create role "
            + readerLogin
            + " login password '"
            + PASSWORD
            + "'"
            + " in role "
            + Database.READER_ROLE);
    url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/tenants";

    try (Database worker =
        Database.connect(
            new DbSettings(
                url, workerLogin, PASSWORD, 4, Duration.ofSeconds(10), ownerLogin, PASSWORD),
            null)) {
      assertThat(worker.migrate().success).isTrue();
      JooqAssetLedger ledger = new JooqAssetLedger(worker.dsl());
      for (int i = 0; i < OWNERS; i++) {
        Owner owner = new Owner(UUID.randomUUID(), UUID.randomUUID(), 2 + i);
        owners.add(owner);
        for (int scene = 0; scene < owner.scenes(); scene++) {
          for (int version = 1; version <= 2; version++) {
            ledger.record(asset(owner, "scene-" + scene, version));
          }
        }
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void tenThousandReadsOnAPoolOfFourSeeNoOtherOwnersRows() throws Exception {
    AtomicLong foreignRows = new AtomicLong();
    AtomicLong wrongCounts = new AtomicLong();
    Map<Integer, Set<UUID>> ownersByConnection = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    try (Database readers = Database.connect(readerSettings(POOL), null)) {
      TenantReads reads = new TenantReads(readers.dsl());
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < READS; i++) {
          int read = i;
          done.add(
              threads.submit(
                  () -> readOnce(reads, read, foreignRows, wrongCounts, ownersByConnection)));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        threads.shutdownNow();
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    long shared = ownersByConnection.values().stream().filter(seen -> seen.size() > 1).count();
    System.out.printf(
        "TenantReadsIT: %d reads, %d owners, %d threads, %d pooled connections (%d served more"
            + " than one owner), %d foreign rows, %d wrong counts, %d ms%n",
        READS,
        OWNERS,
        THREADS,
        ownersByConnection.size(),
        shared,
        foreignRows.get(),
        wrongCounts.get(),
        millis);

    assertThat(foreignRows).hasValue(0);
    assertThat(wrongCounts).hasValue(0);
    assertThat(ownersByConnection.size()).isLessThanOrEqualTo(POOL);
    assertThat(shared).as("connections that served several owners").isPositive();
  }

  /**
   * One read for the owner {@code read} picks, of one of three kinds in turn: the asset table, the
   * current_assets view, the current_asset_url function asked for another owner's scene.
   */
  private static void readOnce(
      TenantReads reads,
      int read,
      AtomicLong foreignRows,
      AtomicLong wrongCounts,
      Map<Integer, Set<UUID>> ownersByConnection) {
    Owner owner = owners.get(read % OWNERS);
    Owner other = owners.get((read + 1 + read % (OWNERS - 1)) % OWNERS);
    reads.read(
        owner.id(),
        tx -> {
          int connection = tx.fetchValue(BACKEND_PID);
          ownersByConnection.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet());
          ownersByConnection.get(connection).add(owner.id());
          switch (read % 3) {
            case 0 -> {
              var counts =
                  tx.select(ASSETS.OWNER_ID, DSL.count())
                      .from(ASSETS)
                      .groupBy(ASSETS.OWNER_ID)
                      .fetchMap(ASSETS.OWNER_ID, DSL.count());
              counts.forEach(
                  (id, n) -> {
                    if (!id.equals(owner.id())) {
                      foreignRows.addAndGet(n);
                    }
                  });
              if (counts.getOrDefault(owner.id(), 0) != owner.assets()) {
                wrongCounts.incrementAndGet();
              }
            }
            case 1 -> {
              List<UUID> seen =
                  tx.select(CURRENT_ASSETS.OWNER_ID).from(CURRENT_ASSETS).fetch(r -> r.value1());
              seen.stream()
                  .filter(id -> !id.equals(owner.id()))
                  .forEach(id -> foreignRows.incrementAndGet());
              if (seen.size() != owner.scenes()) {
                wrongCounts.incrementAndGet();
              }
            }
            default -> {
              if (currentUrl(tx, other, read) != null) {
                foreignRows.incrementAndGet();
              }
              if (currentUrl(tx, owner, read) == null) {
                wrongCounts.incrementAndGet();
              }
            }
          }
          return null;
        });
  }

  @Test
  void aConnectionBackFromABoundReadSeesNothing() throws Exception {
    Owner owner = owners.getFirst();
    try (Database readers = Database.connect(readerSettings(1), null)) {
      TenantReads reads = new TenantReads(readers.dsl());
      int boundPid =
          reads.read(
              owner.id(),
              tx -> {
                assertThat(tx.fetchCount(ASSETS)).isEqualTo(owner.assets());
                return tx.fetchValue(BACKEND_PID);
              });
      assertNothingVisibleOn(readers, boundPid);

      assertThatThrownBy(
              () -> reads.read(owner.id(), tx -> tx.fetchValue(DSL.field("1 / 0", Integer.class))))
          .isInstanceOf(DataAccessException.class);
      assertNothingVisibleOn(readers, boundPid);
    }
  }

  @Test
  void aReadCannotWriteEvenOnAPoolThatMay() {
    Owner owner = owners.getFirst();
    try (Database worker =
        Database.connect(
            new DbSettings(url, workerLogin, PASSWORD, 1, Duration.ofSeconds(10)), null)) {
      assertThatThrownBy(
              () ->
                  new TenantReads(worker.dsl())
                      .read(
                          owner.id(),
                          tx -> tx.update(ASSETS).set(ASSETS.PROMPT, "changed").execute()))
          .isInstanceOf(DataAccessException.class)
          .hasMessageContaining("read-only transaction");
    }
  }

  @Test
  void theWorkerLoginFindsNothingToMigrate() {
    try (Database worker =
        Database.connect(
            new DbSettings(url, workerLogin, PASSWORD, 1, Duration.ofSeconds(10)), null)) {
      assertThat(worker.migrate().migrationsExecuted).isZero();
    }
  }

  /** Outside any read, on the very connection a bound read used: no binding, no rows. */
  private static void assertNothingVisibleOn(Database readers, int boundPid) throws SQLException {
    DSLContext plain = readers.dsl();
    try (Connection connection = readers.dsl().configuration().connectionProvider().acquire()) {
      DSLContext borrowed = DSL.using(connection, plain.dialect());
      assertThat(borrowed.fetchValue(BACKEND_PID)).isEqualTo(boundPid);
      assertThat(
              borrowed.fetchValue(
                  DSL.field(
                      "current_setting({0}, true)",
                      String.class, DSL.inline(TenantReads.OWNER_SETTING))))
          .isIn(null, "");
      assertThat(borrowed.fetchCount(ASSETS)).isZero();
      assertThat(borrowed.fetchCount(CURRENT_ASSETS)).isZero();
    }
  }

  private static String currentUrl(DSLContext tx, Owner owner, int read) {
    return tx.fetchValue(
        DSL.field(
            "current_asset_url({0}, {1}, 0)",
            String.class, DSL.val(owner.project()), DSL.val("scene-" + read % owner.scenes())));
  }

  private static DbSettings readerSettings(int poolSize) {
    return new DbSettings(url, readerLogin, PASSWORD, poolSize, Duration.ofSeconds(10));
  }

  private static NewAsset asset(Owner owner, String scene, int version) {
    AssetKey key = new AssetKey(owner.project(), scene, version, 0);
    return new NewAsset(
        UUID.randomUUID(),
        owner.id(),
        key,
        MediaKind.IMAGE,
        Retention.PROJECT,
        "bucket",
        owner.id() + "/" + owner.project() + "/" + scene + "/v" + version + ".png",
        null,
        "image/png",
        10,
        "a".repeat(64),
        1,
        1,
        null,
        "https://source/" + scene,
        "test",
        "model",
        "prompt",
        1L,
        Map.of(),
        "job",
        "event-" + UUID.randomUUID(),
        null,
        java.time.Instant.now(),
        io.mediakeep.contracts.AssetRole.SCENE_IMAGE,
        null,
        null);
  }

  private static void asSuperuser(String... statements) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Test
  void aWorkerLoginOutsideTheWorkerRoleIsNamedBeforeItStarves() {
    try (Database worker =
            Database.connect(
                new DbSettings(url, workerLogin, PASSWORD, 1, java.time.Duration.ofSeconds(5)),
                null);
        Database reader =
            Database.connect(
                new DbSettings(url, readerLogin, PASSWORD, 1, java.time.Duration.ofSeconds(5)),
                null)) {
      assertThat(worker.rowSecurityProblem()).isEmpty();
      assertThat(reader.rowSecurityProblem())
          .hasValueSatisfying(p -> assertThat(p).contains(readerLogin, "GRANT mediakeep_worker"));
    }
  }
}
