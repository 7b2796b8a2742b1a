package io.mediakeep.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AssetLedger} must do; run against the in-memory fake and against PostgreSQL, so
 * the fake used by the core's unit tests cannot drift from the real thing.
 */
public abstract class AssetLedgerContract {

  private static final Instant PRODUCED = Instant.parse("2025-11-21T09:00:00Z");

  protected abstract AssetLedger ledger();

  /** Leaves the key's row a tombstone, as the sweep (EXPIRED) or a delete (DELETED) would. */
  protected abstract void tombstone(AssetKey key, AssetState state);

  /** Leaves a purge marker for the owner, as a purge command would. */
  protected abstract void purged(UUID ownerId, Instant at);

  @Test
  void firstWriteWinsAndNothingIsOverwritten() {
    AssetKey key = new AssetKey(UUID.randomUUID(), "s1", 1, 0);
    AssetLedger.Recorded first = ledger().record(asset(key, "https://a/1.png", "aa"));
    AssetLedger.Recorded second = ledger().record(asset(key, "https://b/other.png", "bb"));

    assertThat(first.inserted()).isTrue();
    assertThat(second.inserted()).isFalse();
    assertThat(second.asset().sourceFingerprint()).isEqualTo("https://a/1.png");
    assertThat(ledger().find(key)).get().extracting(StoredAsset::sha256).isEqualTo("aa".repeat(32));
  }

  @Test
  void findReturnsNothingForAnUnknownKey() {
    assertThat(ledger().find(new AssetKey(UUID.randomUUID(), "none", 1, 0))).isEmpty();
  }

  @Test
  void theHighestVersionIsCurrentWhateverTheOrder() {
    UUID project = UUID.randomUUID();
    for (int version : List.of(3, 1, 5, 2, 4)) {
      ledger()
          .record(asset(new AssetKey(project, "scene", version, 0), "https://x/" + version, "cc"));
    }
    for (int version = 1; version <= 5; version++) {
      boolean current =
          ledger().find(new AssetKey(project, "scene", version, 0)).orElseThrow().current();
      assertThat(current).as("version %d current", version).isEqualTo(version == 5);
    }
  }

  @Test
  void variantsHaveTheirOwnCurrentRow() {
    UUID project = UUID.randomUUID();
    ledger().record(asset(new AssetKey(project, "scene", 1, 0), "https://x/1-0", "dd"));
    ledger().record(asset(new AssetKey(project, "scene", 1, 1), "https://x/1-1", "dd"));
    assertThat(ledger().find(new AssetKey(project, "scene", 1, 0)).orElseThrow().current())
        .isTrue();
    assertThat(ledger().find(new AssetKey(project, "scene", 1, 1)).orElseThrow().current())
        .isTrue();
  }

  @Test
  void concurrentVersionsLeaveExactlyOneCurrent() throws Exception {
    UUID project = UUID.randomUUID();
    List<Callable<AssetLedger.Recorded>> writers = new ArrayList<>();
    for (int v = 1; v <= 12; v++) {
      AssetKey key = new AssetKey(project, "race", v, 0);
      writers.add(() -> ledger().record(asset(key, "https://x/" + key, "ee")));
    }
    Collections.shuffle(writers);
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<AssetLedger.Recorded> f : pool.invokeAll(writers)) {
        assertThat(f.get().inserted()).isTrue();
      }
    }
    List<Integer> current = new ArrayList<>();
    for (int v = 1; v <= 12; v++) {
      if (ledger().find(new AssetKey(project, "race", v, 0)).orElseThrow().current()) {
        current.add(v);
      }
    }
    assertThat(current).containsExactly(12);
  }

  @Test
  void aProjectBelongsToTheOwnerOfItsFirstAsset() {
    UUID project = UUID.randomUUID();
    AssetKey first = new AssetKey(project, "s1", 1, 0);
    UUID owner = ownerOf(project);
    UUID other = UUID.randomUUID();
    assertThat(ledger().record(asset(first, owner, "https://a/1.png", "aa")).inserted()).isTrue();

    AssetLedger.Recorded newScene =
        ledger().record(asset(new AssetKey(project, "s2", 1, 0), other, "https://x/2.png", "bb"));
    AssetLedger.Recorded newerVersion =
        ledger().record(asset(new AssetKey(project, "s1", 2, 0), other, "https://x/3.png", "cc"));
    AssetLedger.Recorded sameKey = ledger().record(asset(first, other, "https://a/1.png", "aa"));

    for (AssetLedger.Recorded refused : List.of(newScene, newerVersion, sameKey)) {
      assertThat(refused.result()).isEqualTo(AssetLedger.Result.FOREIGN_PROJECT);
      assertThat(refused.inserted()).isFalse();
      assertThat(refused.asset()).isNull();
    }
    assertThat(ledger().find(new AssetKey(project, "s2", 1, 0))).isEmpty();
    assertThat(ledger().find(new AssetKey(project, "s1", 2, 0))).isEmpty();
    assertThat(ledger().find(first)).get().extracting(StoredAsset::current).isEqualTo(true);
    assertThat(
            ledger()
                .record(asset(new AssetKey(project, "s2", 1, 0), owner, "https://a/2.png", "dd"))
                .inserted())
        .isTrue();
  }

  @Test
  void twoOwnersRacingIntoOneNewProjectLeaveItToExactlyOne() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < 40; round++) {
        UUID project = UUID.randomUUID();
        CyclicBarrier together = new CyclicBarrier(2);
        List<Callable<AssetLedger.Recorded>> owners = new ArrayList<>();
        for (String scene : List.of("a", "b")) {
          NewAsset first =
              asset(
                  new AssetKey(project, scene, 1, 0),
                  UUID.randomUUID(),
                  "https://x/" + scene,
                  "ab");
          owners.add(
              () -> {
                together.await();
                return ledger().record(first);
              });
        }
        List<AssetLedger.Result> results = new ArrayList<>();
        for (Future<AssetLedger.Recorded> f : pool.invokeAll(owners)) {
          results.add(f.get().result());
        }
        assertThat(results)
            .as("round %d: one owner gets the project, the other is refused", round)
            .containsExactlyInAnyOrder(
                AssetLedger.Result.INSERTED, AssetLedger.Result.FOREIGN_PROJECT);
      }
    }
  }

  /** Every project of these tests has one owner, as upstream projects do. */
  protected static UUID ownerOf(UUID project) {
    return UUID.nameUUIDFromBytes(("owner of " + project).getBytes(StandardCharsets.UTF_8));
  }

  protected static NewAsset asset(AssetKey key, String source, String shaByte) {
    return asset(key, ownerOf(key.projectId()), source, shaByte);
  }

  @Test
  void aTombstoneKeepsItsKeyAndIsFoundAsOne() {
    UUID project = UUID.randomUUID();
    AssetKey first = new AssetKey(project, "s", 1, 0);
    AssetKey second = new AssetKey(project, "s", 2, 0);
    ledger().record(asset(first, "https://x/1.png", "aa"));
    ledger().record(asset(second, "https://x/2.png", "bb"));
    tombstone(first, AssetState.EXPIRED);

    StoredAsset found = ledger().find(first).orElseThrow();
    assertThat(found.state()).isEqualTo(AssetState.EXPIRED);
    assertThat(found.live()).isFalse();
    assertThat(found.current()).isFalse();
    assertThat(found.removedAt()).isNotNull();
    AssetLedger.Recorded again = ledger().record(asset(first, "https://x/1.png", "aa"));
    assertThat(again.result()).isEqualTo(AssetLedger.Result.EXISTING);
    assertThat(again.asset().state()).isEqualTo(AssetState.EXPIRED);
    assertThat(ledger().lookup(first, again.asset().ownerId()).asset().state())
        .isEqualTo(AssetState.EXPIRED);
    assertThat(ledger().find(second).orElseThrow().current()).isTrue();
  }

  @Test
  void anOwnerPurgedAfterAnEventWasProducedRefusesItsRecording() {
    UUID owner = UUID.randomUUID();
    AssetKey before = new AssetKey(UUID.randomUUID(), "s", 1, 0);
    AssetKey after = new AssetKey(UUID.randomUUID(), "s", 1, 0);
    purged(owner, PRODUCED.plusSeconds(1));

    AssetLedger.Lookup lookup = ledger().lookup(before, owner);
    assertThat(lookup.asset()).isNull();
    assertThat(lookup.ownerPurgedAt()).isEqualTo(PRODUCED.plusSeconds(1));
    assertThat(lookup.purgedSince(PRODUCED)).isTrue();
    assertThat(lookup.purgedSince(PRODUCED.plusSeconds(2))).isFalse();

    AssetLedger.Recorded refused = ledger().record(asset(before, owner, "https://x/b", "aa"));
    assertThat(refused.result()).isEqualTo(AssetLedger.Result.OWNER_PURGED);
    assertThat(refused.asset()).isNull();
    assertThat(ledger().find(before)).isEmpty();

    NewAsset later =
        withProducedAt(asset(after, owner, "https://x/a", "bb"), PRODUCED.plusSeconds(2));
    assertThat(ledger().record(later).inserted()).isTrue();
    assertThat(ledger().lookup(after, UUID.randomUUID()).ownerPurgedAt()).isNull();
  }

  @Test
  void theRecordedRowIsTheRowFoundLater() {
    AssetKey older = new AssetKey(UUID.randomUUID(), "s1", 1, 0);
    AssetKey newer = new AssetKey(older.projectId(), "s1", 2, 0);
    Instant expiry = Instant.parse("2026-11-29T10:15:30.123456789Z");
    ledger().record(asset(older, ownerOf(older.projectId()), "https://a/1.png", "aa", expiry));

    StoredAsset recorded =
        ledger()
            .record(asset(newer, ownerOf(newer.projectId()), "https://a/2.png", "bb", expiry))
            .asset();

    assertThat(ledger().find(newer)).contains(recorded);
    assertThat(ledger().lookup(newer, UUID.randomUUID()).existing()).contains(recorded);
    assertThat(recorded.current()).isTrue();
    assertThat(ledger().find(older)).get().extracting(StoredAsset::current).isEqualTo(false);
  }

  protected static NewAsset asset(AssetKey key, UUID owner, String source, String shaByte) {
    return asset(key, owner, source, shaByte, null);
  }

  /** An image asset of {@code key}, produced at a fixed time; {@code shaByte} fills its SHA-256. */
  public static NewAsset asset(
      AssetKey key, UUID owner, String source, String shaByte, Instant expiresAt) {
    String sha = shaByte.repeat(32);
    return new NewAsset(
        UUID.randomUUID(),
        owner,
        key,
        MediaKind.IMAGE,
        Retention.PROJECT,
        "bucket",
        "owner/" + key + "-" + sha.substring(0, 16) + "-" + UUID.randomUUID() + ".png",
        null,
        "image/png",
        10,
        sha,
        1,
        1,
        null,
        source,
        "test",
        "model",
        "prompt",
        1L,
        Map.of("steps", 4),
        "job",
        "event-" + key,
        expiresAt,
        PRODUCED,
        io.mediakeep.contracts.AssetRole.SCENE_IMAGE,
        null,
        null);
  }

  private static NewAsset withProducedAt(NewAsset a, Instant producedAt) {
    return new NewAsset(
        a.id(),
        a.ownerId(),
        a.key(),
        a.mediaType(),
        a.retention(),
        a.bucket(),
        a.objectKey(),
        a.url(),
        a.contentType(),
        a.sizeBytes(),
        a.sha256(),
        a.width(),
        a.height(),
        a.durationMs(),
        a.sourceFingerprint(),
        a.provider(),
        a.model(),
        a.prompt(),
        a.seed(),
        a.generationParams(),
        a.jobId(),
        a.sourceEventId(),
        a.expiresAt(),
        producedAt,
        a.role(),
        a.position(),
        a.frame());
  }
}
