package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetDeleted;
import io.mediakeep.contracts.AssetPromoted;
import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.DeleteAsset;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.OwnerPurged;
import io.mediakeep.contracts.PromoteAsset;
import io.mediakeep.contracts.PurgeOwner;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.core.ExpirySweep;
import io.mediakeep.worker.core.LifecycleEvents;
import io.mediakeep.worker.core.StoredAsset;
import io.mediakeep.worker.local.SampleImages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Promote, delete and purge commands through a running worker, on real Kafka, PostgreSQL and S3:
 * what each leaves in the buckets and tables, what it answers, and that a repeat answers the same.
 */
class CommandsIT {

  private static final Duration ANSWER = Duration.ofSeconds(30);

  private Pipeline pipeline;
  private LifecycleRig rig;

  @BeforeEach
  void start() throws Exception {
    pipeline = new Pipeline(Map.of()).startWorker();
    rig = new LifecycleRig(pipeline);
  }

  @AfterEach
  void stop() throws Exception {
    rig.close();
    pipeline.close();
  }

  @Test
  void promotingCopiesTheObjectRecordsTheEntryAndARepeatAnswersTheSameId() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID collection = collection(owner, "keepers");
    StoredAsset asset =
        rig.store(
            owner,
            UUID.randomUUID(),
            "hero",
            1,
            Retention.WORKSPACE,
            Instant.now().plusSeconds(3600));

    AssetPromoted first =
        (AssetPromoted)
            answer(
                    pipeline.command(
                        new PromoteAsset(asset.id(), owner, " Lighthouse ", collection)))
                .lifecycle();
    AssetPromoted again =
        (AssetPromoted)
            answer(pipeline.command(new PromoteAsset(asset.id(), owner, "ignored", null)))
                .lifecycle();

    UUID entry = LifecycleEvents.libraryAssetId(asset.id());
    assertThat(first.libraryAssetId()).isEqualTo(entry);
    assertThat(first.eventId())
        .isEqualTo(LifecycleEvents.promotedId(entry))
        .isEqualTo(again.eventId());
    assertThat(first.bucket()).isEqualTo(rig.layout().libraryBucket());
    assertThat(first.objectKey()).isEqualTo(owner + "/" + entry + ".png");
    assertThat(first.sha256()).isEqualTo(asset.sha256());
    assertThat(first.title()).isEqualTo("Lighthouse");
    assertThat(rig.exists(first.bucket(), first.objectKey())).isTrue();
    assertThat(rig.exists(asset.bucket(), asset.objectKey())).as("the source stays").isTrue();
    assertThat(
            rig.s3.headObject(b -> b.bucket(first.bucket()).key(first.objectKey())).contentLength())
        .isEqualTo(asset.sizeBytes());
    assertThat(
            rig.value(
                "select custom_title || '/' || coalesce(prompt, '-') || '/' || model || '/'"
                    + " || collection_id from library_assets where id = ?",
                entry))
        .isEqualTo("Lighthouse/a prompt to forget/model-1/" + collection);
    assertThat(rig.assetCount(owner, collection)).isEqualTo(1);
    assertThat(
            rig.count("select count(*) from library_assets where source_asset_id = ?", asset.id()))
        .isEqualTo(1);
    assertThat(rig.value("select state from assets where id = ?", asset.id())).isEqualTo("live");
  }

  @Test
  void aForeignAnUnknownAndAnExpiredAssetAreRefusedWithTheirReason() throws Exception {
    UUID owner = UUID.randomUUID();
    StoredAsset mine = rig.store(owner, UUID.randomUUID(), "a", 1, Retention.PROJECT, null);
    StoredAsset expired =
        rig.store(
            owner, UUID.randomUUID(), "b", 1, Retention.WORKSPACE, Instant.now().minusSeconds(60));
    rig.sweep().run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);

    AssetRejected foreign =
        answer(pipeline.command(new PromoteAsset(mine.id(), UUID.randomUUID(), null, null)))
            .rejected();
    AssetRejected unknown =
        answer(pipeline.command(new PromoteAsset(UUID.randomUUID(), owner, null, null))).rejected();
    AssetRejected gone =
        answer(pipeline.command(new PromoteAsset(expired.id(), owner, null, null))).rejected();
    AssetRejected foreignCollection =
        answer(
                pipeline.command(
                    new PromoteAsset(
                        mine.id(), owner, null, collection(UUID.randomUUID(), "theirs"))))
            .rejected();
    AssetRejected foreignDelete =
        answer(pipeline.command(new DeleteAsset(mine.id(), UUID.randomUUID()))).rejected();

    assertThat(foreign.reason()).isEqualTo(RejectReason.NOT_OWNER);
    assertThat(foreign.detail()).doesNotContain(owner.toString());
    assertThat(foreign.input()).isInstanceOf(PromoteAsset.class);
    assertThat(unknown.reason()).isEqualTo(RejectReason.ASSET_NOT_FOUND);
    assertThat(gone.reason()).isEqualTo(RejectReason.ASSET_EXPIRED);
    assertThat(foreignCollection.reason()).isEqualTo(RejectReason.NOT_OWNER);
    assertThat(foreignDelete.reason()).isEqualTo(RejectReason.NOT_OWNER);
    assertThat(rig.keys(rig.layout().libraryBucket(), owner + "/")).isEmpty();
    assertThat(rig.value("select state from assets where id = ?", mine.id())).isEqualTo("live");
    assertThat(
            rig.count(
                "select count(*) from asset_rejections where owner_id = ? and source_topic = ?",
                owner,
                pipeline.commandsTopic))
        .as("rejected commands are kept for ops and replay under their owner")
        .isEqualTo(3);
  }

  /**
   * A promote and a sweep of the same expired asset at once, many times, with random offsets: each
   * time the outcome is whole, a library entry whose object is there, or ASSET_EXPIRED with no
   * entry and no object left in the library bucket.
   */
  @Test
  void aPromoteRacingTheSweepEndsWholeEveryTime() throws Exception {
    UUID owner = UUID.randomUUID();
    Random random = new Random(11);
    ExpirySweep sweep = rig.sweep();
    int promoted = 0;
    int refused = 0;
    for (int round = 0; round < 30; round++) {
      StoredAsset asset =
          rig.store(
              owner,
              UUID.randomUUID(),
              "r" + round,
              1,
              Retention.WORKSPACE,
              Instant.now().minusMillis(1));
      int delay = random.nextInt(40);
      CompletableFuture<ExpirySweep.Report> sweeping =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Thread.sleep(delay);
                  return sweep.run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Pipeline.Output answer =
          answer(pipeline.command(new PromoteAsset(asset.id(), owner, null, null)));
      sweeping.get();
      // A promote holding the asset makes the sweep pass it by; the next sweep takes it.
      sweep.run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);
      UUID entry = LifecycleEvents.libraryAssetId(asset.id());
      String libraryKey = owner + "/" + entry + ".png";
      if (answer.lifecycle() instanceof AssetPromoted done) {
        promoted++;
        assertThat(rig.exists(done.bucket(), done.objectKey())).as("round %d", round).isTrue();
        assertThat(rig.count("select count(*) from library_assets where id = ?", entry))
            .isEqualTo(1);
      } else {
        refused++;
        assertThat(answer.rejected().reason())
            .as("round %d", round)
            .isEqualTo(RejectReason.ASSET_EXPIRED);
        assertThat(rig.exists(rig.layout().libraryBucket(), libraryKey))
            .as("round %d", round)
            .isFalse();
        assertThat(rig.count("select count(*) from library_assets where id = ?", entry)).isZero();
      }
      assertThat(rig.value("select state from assets where id = ?", asset.id()))
          .isEqualTo("expired");
      assertThat(rig.exists(asset.bucket(), asset.objectKey())).isFalse();
    }
    System.out.printf(
        "promote racing the sweep: %d promoted, %d ASSET_EXPIRED%n", promoted, refused);
    assertThat(promoted + refused).isEqualTo(30);
  }

  @Test
  void deletingAnAssetLeavesATombstoneAndDeletingAnEntryKeepsTheCountRight() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    StoredAsset v1 = rig.store(owner, project, "s", 1, Retention.PROJECT, null);
    StoredAsset v2 = rig.store(owner, project, "s", 2, Retention.PROJECT, null);
    UUID collection = collection(owner, "c");
    AssetPromoted kept =
        (AssetPromoted)
            answer(pipeline.command(new PromoteAsset(v1.id(), owner, null, collection)))
                .lifecycle();

    AssetDeleted deleted =
        (AssetDeleted) answer(pipeline.command(new DeleteAsset(v2.id(), owner))).lifecycle();
    AssetDeleted repeated =
        (AssetDeleted) answer(pipeline.command(new DeleteAsset(v2.id(), owner))).lifecycle();
    AssetDeleted entry =
        (AssetDeleted)
            answer(pipeline.command(new DeleteAsset(kept.libraryAssetId(), owner))).lifecycle();
    AssetDeleted entryAgain =
        (AssetDeleted)
            answer(pipeline.command(new DeleteAsset(kept.libraryAssetId(), owner))).lifecycle();

    assertThat(deleted.kind()).isEqualTo(AssetDeleted.Kind.ASSET);
    assertThat(deleted.eventId())
        .isEqualTo(LifecycleEvents.deletedId(v2.id()))
        .isEqualTo(repeated.eventId());
    assertThat(rig.exists(v2.bucket(), v2.objectKey())).isFalse();
    assertThat(rig.value("select state || '/' || is_current from assets where id = ?", v2.id()))
        .isEqualTo("deleted/false");
    assertThat(rig.value("select is_current from assets where id = ?", v1.id())).isEqualTo("t");
    assertThat(entry.kind()).isEqualTo(AssetDeleted.Kind.LIBRARY);
    assertThat(entry.eventId()).isEqualTo(entryAgain.eventId());
    assertThat(rig.exists(kept.bucket(), kept.objectKey())).isFalse();
    assertThat(rig.count("select count(*) from library_assets where id = ?", kept.libraryAssetId()))
        .isZero();
    assertThat(rig.assetCount(owner, collection)).isZero();
    assertThat(rig.exists(v1.bucket(), v1.objectKey())).as("the entry's source stays").isTrue();

    MediaGenerated redelivered = Events.image(project, owner, "s", 2, serve("again", 5));
    pipeline.publish(redelivered, MediaKind.IMAGE);
    pipeline.flush();
    assertThat(pipeline.await(1, o -> o.rejected() != null, ANSWER).getFirst().rejected().reason())
        .isEqualTo(RejectReason.ASSET_EXPIRED);
  }

  /**
   * A purge removes every object and row of the owner, and nothing of another; its event carries
   * the counts; the owner's events from before it are refused and a later one is stored.
   */
  @Test
  void aPurgeLeavesNothingOfTheOwnerButItsMarker() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID bystander = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    Instant beforePurge = Instant.now();
    StoredAsset a = rig.store(owner, project, "a", 1, Retention.PROJECT, null);
    StoredAsset b =
        rig.store(owner, project, "b", 1, Retention.WORKSPACE, Instant.now().plusSeconds(600));
    StoredAsset gone = rig.store(owner, project, "c", 1, Retention.PROJECT, null);
    StoredAsset theirs = rig.store(bystander, UUID.randomUUID(), "x", 1, Retention.PROJECT, null);
    UUID collection = collection(owner, "c");
    answer(pipeline.command(new PromoteAsset(a.id(), owner, null, collection)));
    answer(pipeline.command(new PromoteAsset(theirs.id(), bystander, null, null)));
    answer(pipeline.command(new DeleteAsset(gone.id(), owner)));
    answer(pipeline.command(new PromoteAsset(UUID.randomUUID(), owner, null, null)));

    OwnerPurged purged = (OwnerPurged) answer(pipeline.command(new PurgeOwner(owner))).lifecycle();

    assertThat(purged.removed()).isEqualTo(new OwnerPurged.Removed(3, 1, 1, 1, 3));
    for (String bucket :
        List.of(
            rig.layout().projectBucket(),
            rig.layout().workspaceBucket(),
            rig.layout().libraryBucket())) {
      assertThat(rig.keys(bucket, owner + "/")).as(bucket).isEmpty();
    }
    for (String table :
        List.of("assets", "library_assets", "asset_rejections", "asset_removals", "projects")) {
      assertThat(rig.count("select count(*) from " + table + " where owner_id = ?", owner))
          .as(table)
          .isZero();
    }
    assertThat(rig.assetCount(owner, collection)).as("no such collection").isZero();
    assertThat(
            rig.value(
                "select command_id is not null and finished_at is not null from owner_purges where owner_id = ?",
                owner))
        .isEqualTo("t");
    assertThat(rig.exists(theirs.bucket(), theirs.objectKey())).isTrue();
    assertThat(rig.count("select count(*) from library_assets where owner_id = ?", bystander))
        .isEqualTo(1);
    assertThat(rig.count("select count(*) from projects where owner_id = ?", bystander))
        .as("another owner's projects stay")
        .isPositive();

    MediaGenerated late = Events.image(project, owner, "late", 1, serve("late", 9));
    pipeline.publish(UUID.randomUUID().toString(), late, MediaKind.IMAGE, beforePurge);
    pipeline.flush();
    AssetRejected refused =
        pipeline.await(1, o -> o.rejected() != null, ANSWER).getFirst().rejected();
    assertThat(refused.reason()).isEqualTo(RejectReason.OWNER_PURGED);
    assertThat(refused.detail()).contains("was purged at " + purged.purgedAt());
    MediaGenerated fresh = Events.image(project, owner, "fresh", 1, serve("fresh", 10));
    pipeline.publish(UUID.randomUUID().toString(), fresh, MediaKind.IMAGE, Instant.now());
    pipeline.flush();
    assertThat(pipeline.await(1, o -> o.stored() != null, ANSWER)).hasSize(1);

    OwnerPurged again = (OwnerPurged) answer(pipeline.command(new PurgeOwner(owner))).lifecycle();
    assertThat(again.eventId()).isNotEqualTo(purged.eventId());
    assertThat(again.purgedAt()).isAfter(purged.purgedAt());
    assertThat(again.removed()).isEqualTo(new OwnerPurged.Removed(1, 0, 0, 1, 1));
  }

  private Pipeline.Output answer(String commandId) {
    return pipeline.await(1, o -> o.answers(commandId), ANSWER).getFirst();
  }

  private String serve(String name, int seed) {
    String path = "/commands/" + UUID.randomUUID() + "/" + name + ".png";
    pipeline.source.serve(path, "image/png", SampleImages.png(seed));
    return pipeline.source.url(path);
  }

  /**
   * A collection made as the app makes one: create_collection as mediakeep_app, bound to the owner.
   */
  private UUID collection(UUID owner, String name) throws Exception {
    try (Connection c =
            java.sql.DriverManager.getConnection(
                pipeline.stack.jdbcUrl(), "mediakeep_app", "mediakeep");
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("select set_config('mediakeep.owner_id', '" + owner + "', true)");
      try (PreparedStatement create = c.prepareStatement("select create_collection(?)")) {
        create.setString(1, name);
        try (var rs = create.executeQuery()) {
          rs.next();
          UUID id = rs.getObject(1, UUID.class);
          c.commit();
          return id;
        }
      }
    }
  }
}
