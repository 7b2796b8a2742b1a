package io.mediakeep.worker.it;

import static io.mediakeep.db.jooq.Tables.OWNER_PURGES;
import static io.mediakeep.worker.core.AssetLedgerContract.asset;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.worker.core.AssetKey;
import io.mediakeep.worker.core.AssetLedger;
import io.mediakeep.worker.core.AssetLedger.Recorded;
import io.mediakeep.worker.core.AssetLedger.Result;
import io.mediakeep.worker.core.NewAsset;
import io.mediakeep.worker.core.StoredAsset;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.JooqAssetLedger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recordings written together in one transaction (group commit) against real PostgreSQL: each ends
 * as it would have alone, and under concurrent load the transactions are fewer than the recordings.
 */
class BatchedRecordingIT {

  private static final Instant PRODUCED = Instant.parse("2025-11-21T09:00:00Z");

  private static Database database;
  private static JooqAssetLedger ledger;

  @BeforeAll
  static void connect() {
    database = Database.connect(SharedStack.db(16), null);
    database.migrate();
    ledger = new JooqAssetLedger(database.dsl());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void oneBatchEndsEachRecordingAsItWouldHaveEndedAlone() {
    UUID project = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    UUID stranger = UUID.randomUUID();
    UUID purgedOwner = UUID.randomUUID();
    purge(purgedOwner, PRODUCED.plusSeconds(60));
    NewAsset earlier = asset(key(project, "s0", 1), owner, "https://x/0", "a0", null);
    assertThat(ledger.record(earlier).inserted()).isTrue();

    NewAsset s1v1 = asset(key(project, "s1", 1), owner, "https://x/1", "a1", null);
    List<NewAsset> batch =
        List.of(
            s1v1,
            asset(key(project, "s1", 3), owner, "https://x/3", "a3", null),
            asset(key(project, "s1", 2), owner, "https://x/2", "a2", null),
            asset(key(project, "s1", 1), owner, "https://x/1b", "b1", null),
            asset(key(project, "s2", 1), stranger, "https://x/s", "c1", null),
            asset(key(project, "s0", 2), owner, "https://x/0b", "a4", null),
            asset(key(UUID.randomUUID(), "p", 1), purgedOwner, "https://x/p", "d1", null),
            asset(key(UUID.randomUUID(), "n", 1), stranger, "https://x/n", "e1", null));

    List<Recorded> results = ledger.recordAll(batch);

    assertThat(results)
        .extracting(Recorded::result)
        .containsExactly(
            Result.INSERTED,
            Result.INSERTED,
            Result.INSERTED,
            Result.EXISTING,
            Result.FOREIGN_PROJECT,
            Result.INSERTED,
            Result.OWNER_PURGED,
            Result.INSERTED);
    assertThat(results.get(3).asset().id()).isEqualTo(s1v1.id());
    assertThat(currentVersions(project, "s1", 3)).containsExactly(3);
    assertThat(currentVersions(project, "s0", 2)).containsExactly(2);
    assertThat(results.get(1).asset().current()).isTrue();
    assertThat(results.get(2).asset().current()).isFalse();
    assertThat(results.get(5).asset().current()).isTrue();
    assertThat(ledger.find(key(project, "s2", 1))).isEmpty();
    for (int i : List.of(0, 1, 2, 5, 7)) {
      StoredAsset answered = results.get(i).asset();
      assertThat(ledger.find(answered.key()).orElseThrow()).isEqualTo(answered);
    }
  }

  @Test
  void concurrentRecordingsShareTransactionsAndEachSceneKeepsOneCurrent() throws Exception {
    List<UUID> projects = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      projects.add(UUID.randomUUID());
    }
    UUID owner = UUID.randomUUID();
    List<Callable<Recorded>> writers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      AssetKey key = key(projects.get(i % 10), "scene-" + (i % 40), 1 + i / 40);
      NewAsset asset = asset(key, owner, "https://x/" + i, "f0", null);
      writers.add(() -> ledger.record(asset));
    }
    long[] before = ledger.writes();
    try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
      for (Future<Recorded> f : pool.invokeAll(writers)) {
        assertThat(f.get().result()).isEqualTo(Result.INSERTED);
      }
    }
    long[] after = ledger.writes();
    long transactions = after[0] - before[0];
    long recorded = after[1] - before[1];
    assertThat(recorded).isEqualTo(400);
    assertThat(transactions).as("transactions for 400 recordings").isLessThan(400);
    for (int s = 0; s < 40; s++) {
      assertThat(currentVersions(projects.get(s % 10), "scene-" + s, 10)).containsExactly(10);
    }
  }

  @Test
  void oneLookupStatementAnswersEachKeyAsItsOwnLookupWould() {
    UUID project = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    UUID purgedOwner = UUID.randomUUID();
    purge(purgedOwner, PRODUCED.plusSeconds(5));
    NewAsset stored = asset(key(project, "s", 1), owner, "https://x/l", "a9", null);
    ledger.record(stored);
    List<JooqAssetLedger.LookupKey> keys =
        List.of(
            new JooqAssetLedger.LookupKey(key(project, "s", 1), owner),
            new JooqAssetLedger.LookupKey(key(project, "s", 2), owner),
            new JooqAssetLedger.LookupKey(key(project, "s", 1), purgedOwner),
            new JooqAssetLedger.LookupKey(key(UUID.randomUUID(), "t", 1), purgedOwner),
            new JooqAssetLedger.LookupKey(key(project, "s", 1), owner));

    List<AssetLedger.Lookup> together = ledger.lookupAll(keys);

    assertThat(together).hasSize(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      assertThat(together.get(i))
          .as("lookup %d", i)
          .isEqualTo(ledger.lookupOne(keys.get(i).key(), keys.get(i).ownerId()));
    }
    assertThat(together.get(0).asset().id()).isEqualTo(stored.id());
    assertThat(together.get(1).asset()).isNull();
    assertThat(together.get(2).ownerPurgedAt()).isEqualTo(PRODUCED.plusSeconds(5));
    assertThat(together.get(3).asset()).isNull();
  }

  @Test
  void concurrentLookupsShareStatements() throws Exception {
    UUID owner = UUID.randomUUID();
    List<Callable<AssetLedger.Lookup>> readers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      AssetKey key = key(UUID.randomUUID(), "r", 1);
      readers.add(() -> ledger.lookup(key, owner));
    }
    long[] before = ledger.reads();
    try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
      for (Future<AssetLedger.Lookup> f : pool.invokeAll(readers)) {
        assertThat(f.get().existing()).isEmpty();
      }
    }
    long[] after = ledger.reads();
    assertThat(after[1] - before[1]).isEqualTo(400);
    assertThat(after[0] - before[0]).as("statements for 400 lookups").isLessThan(400);
  }

  private static List<Integer> currentVersions(UUID project, String scene, int upTo) {
    List<Integer> current = new ArrayList<>();
    for (int v = 1; v <= upTo; v++) {
      ledger
          .find(key(project, scene, v))
          .filter(StoredAsset::current)
          .ifPresent(a -> current.add(a.key().version()));
    }
    return current;
  }

  private static AssetKey key(UUID project, String scene, int version) {
    return new AssetKey(project, scene, version, 0);
  }

  private static void purge(UUID owner, Instant at) {
    database
        .dsl()
        .insertInto(OWNER_PURGES)
        .set(OWNER_PURGES.OWNER_ID, owner)
        .set(OWNER_PURGES.PURGED_AT, at.atOffset(ZoneOffset.UTC))
        .set(OWNER_PURGES.COMMAND_ID, "test")
        .execute();
  }
}
