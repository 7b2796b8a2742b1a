package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetExpired;
import io.mediakeep.contracts.AssetPromoted;
import io.mediakeep.contracts.AssetStored;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.PromoteAsset;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.core.ExpirySweep;
import io.mediakeep.worker.core.LifecycleEvents;
import io.mediakeep.worker.core.StoredAsset;
import io.mediakeep.worker.local.SampleImages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The expiry sweep on real Kafka, PostgreSQL and S3: what it removes, what it leaves, what it
 * announces, and that sweepers running at once share the work.
 */
class SweepIT {

  private Pipeline pipeline;
  private LifecycleRig rig;

  @BeforeEach
  void start() throws Exception {
    pipeline = new Pipeline(Map.of("MEDIAKEEP_WORKSPACE_RETENTION", "2s")).startWorker();
    rig = new LifecycleRig(pipeline);
  }

  @AfterEach
  void stop() throws Exception {
    rig.close();
    pipeline.close();
  }

  /**
   * Five workspace drafts, a scene whose current version is a draft over a kept first version, a
   * project asset and a draft kept in the library: the sweep removes the six drafts' objects, makes
   * them tombstones without their prompt or source, announces each once, makes the kept version
   * current again, and touches neither the project asset nor the library's copy. The same input
   * delivered again is refused, and a second sweep finds nothing.
   */
  @Test
  void expiredDraftsAreRemovedTombstonedAndAnnouncedOnceAndNothingElseIsTouched() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    List<MediaGenerated> drafts = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      drafts.add(input(project, owner, "draft-" + i, 1, Retention.WORKSPACE, i));
    }
    MediaGenerated kept = input(project, owner, "mixed", 1, Retention.PROJECT, 10);
    MediaGenerated mixedDraft = input(project, owner, "mixed", 2, Retention.WORKSPACE, 11);
    MediaGenerated permanent = input(project, owner, "hero", 1, Retention.PROJECT, 12);
    List<MediaGenerated> all = new ArrayList<>(drafts);
    all.addAll(List.of(kept, mixedDraft, permanent));
    Map<String, String> ids = new HashMap<>();
    for (MediaGenerated event : all) {
      String id = UUID.randomUUID().toString();
      ids.put(event.sceneId() + "/" + event.version(), id);
      pipeline.publish(id, event, MediaKind.IMAGE);
    }
    pipeline.flush();
    Map<String, AssetStored> stored =
        pipeline.await(all.size(), o -> o.stored() != null, Duration.ofMinutes(1)).stream()
            .map(Pipeline.Output::stored)
            .collect(Collectors.toMap(s -> s.sceneId() + "/" + s.version(), s -> s));
    AssetStored promotedDraft = stored.get("draft-1/1");
    String promote =
        pipeline.command(new PromoteAsset(promotedDraft.assetId(), owner, "keep", null));
    AssetPromoted promoted =
        (AssetPromoted)
            pipeline
                .await(1, o -> o.answers(promote), Duration.ofSeconds(30))
                .getFirst()
                .lifecycle();
    Thread.sleep(2_100);

    ExpirySweep.Report report =
        rig.sweep().run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);

    Set<UUID> expiredAssets = new HashSet<>();
    for (MediaGenerated draft : drafts) {
      expiredAssets.add(stored.get(draft.sceneId() + "/1").assetId());
    }
    expiredAssets.add(stored.get("mixed/2").assetId());
    assertThat(report.expired()).isGreaterThanOrEqualTo(6);
    List<AssetExpired> announced =
        pipeline
            .await(
                6,
                o -> o.lifecycle() instanceof AssetExpired e && expiredAssets.contains(e.assetId()),
                Duration.ofSeconds(30))
            .stream()
            .map(o -> (AssetExpired) o.lifecycle())
            .toList();
    assertThat(announced.stream().map(AssetExpired::eventId))
        .containsExactlyInAnyOrderElementsOf(
            expiredAssets.stream().map(LifecycleEvents::expiredId).toList());
    for (UUID asset : expiredAssets) {
      AssetStored was =
          stored.values().stream().filter(s -> s.assetId().equals(asset)).findFirst().orElseThrow();
      assertThat(rig.exists(was.bucket(), was.objectKey())).as("object of %s", asset).isFalse();
      assertThat(
              rig.value(
                  "select state || '/' || is_current || '/' || coalesce(prompt, '-') || '/'"
                      + " || coalesce(source_url, '-') || '/' || (removed_at is not null)"
                      + " from assets where id = ?",
                  asset))
          .isEqualTo("expired/false/-/-/true");
    }
    AssetStored hero = stored.get("hero/1");
    AssetStored keptVersion = stored.get("mixed/1");
    assertThat(rig.exists(hero.bucket(), hero.objectKey())).isTrue();
    assertThat(rig.exists(keptVersion.bucket(), keptVersion.objectKey())).isTrue();
    assertThat(rig.exists(promoted.bucket(), promoted.objectKey())).isTrue();
    assertThat(rig.value("select current_asset_url(?, 'mixed', 0)", project))
        .isEqualTo("s3://" + keptVersion.bucket() + "/" + keptVersion.objectKey());
    assertThat(
            rig.count("select count(*) from assets where project_id = ? and is_current", project))
        .as("current scenes: mixed (v1) and hero")
        .isEqualTo(2);

    MediaGenerated again = drafts.get(2);
    pipeline.publish(ids.get(again.sceneId() + "/1"), again, MediaKind.IMAGE);
    pipeline.flush();
    var refused =
        pipeline.await(1, o -> o.rejected() != null, Duration.ofSeconds(30)).getFirst().rejected();
    assertThat(refused.reason()).isEqualTo(RejectReason.ASSET_EXPIRED);
    assertThat(refused.detail()).contains("expired at").contains("not stored again");
    long requests = pipeline.source.requests();
    assertThat(requests).as("the swept key was not downloaded again").isEqualTo(all.size());

    ExpirySweep.Report second =
        rig.sweep().run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);
    assertThat(second.expired()).isZero();
    assertThat(pipeline.drain(Duration.ofSeconds(2)))
        .noneMatch(o -> o.lifecycle() instanceof AssetExpired);
  }

  /**
   * Two sweepers started together over 1,000 expired assets: every asset is tombstoned once, its
   * object deleted, and exactly one expired event is published for it (no copies, no misses).
   */
  @Test
  void twoSweepersAtOnceHandleEachOfAThousandExpiredAssetsOnce() throws Exception {
    rig.sweep().run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);
    pipeline.drain(Duration.ofSeconds(1));
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    Instant past = Instant.now().minus(Duration.ofHours(1));
    List<StoredAsset> assets = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      assets.add(
          rig.store(owner, project, "s" + (i % 250), 1 + i / 250, Retention.WORKSPACE, past));
    }
    Set<UUID> mine = assets.stream().map(StoredAsset::id).collect(Collectors.toSet());
    ExpirySweep first = rig.sweep();
    ExpirySweep second = rig.sweep();

    ExecutorService both = Executors.newFixedThreadPool(2);
    List<ExpirySweep.Report> reports = new ArrayList<>();
    try {
      Future<ExpirySweep.Report> a =
          both.submit(() -> first.run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false));
      Future<ExpirySweep.Report> b =
          both.submit(() -> second.run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false));
      reports.add(a.get());
      reports.add(b.get());
    } finally {
      both.shutdownNow();
    }

    assertThat(reports.get(0).expired() + reports.get(1).expired()).isEqualTo(1000);
    assertThat(reports).allMatch(r -> r.failed() == 0);
    List<AssetExpired> events =
        pipeline
            .await(
                1000,
                o -> o.lifecycle() instanceof AssetExpired e && mine.contains(e.assetId()),
                Duration.ofMinutes(1))
            .stream()
            .map(o -> (AssetExpired) o.lifecycle())
            .toList();
    assertThat(events.stream().map(AssetExpired::assetId).distinct()).hasSize(1000);
    assertThat(pipeline.drain(Duration.ofSeconds(2)))
        .as("no event twice")
        .noneMatch(o -> o.lifecycle() instanceof AssetExpired);
    assertThat(rig.keys(rig.layout().workspaceBucket(), owner + "/")).isEmpty();
    assertThat(
            rig.count(
                "select count(*) from assets where owner_id = ? and state = 'expired'", owner))
        .isEqualTo(1000);
    assertThat(rig.count("select count(*) from assets where owner_id = ? and is_current", owner))
        .isZero();
    assertThat(
            rig.count(
                "select count(*) from asset_removals where owner_id = ? and done_at is null",
                owner))
        .isZero();
  }

  /** The worker sweeps on its own, every MEDIAKEEP_SWEEP_INTERVAL. */
  @Test
  void theWorkerSweepsOnItsOwn() throws Exception {
    pipeline.close();
    pipeline =
        new Pipeline(
                Map.of(
                    "MEDIAKEEP_WORKSPACE_RETENTION", "1s",
                    "MEDIAKEEP_SWEEP_INTERVAL", "2s"))
            .startWorker();
    UUID owner = UUID.randomUUID();
    pipeline.publish(
        input(UUID.randomUUID(), owner, "draft", 1, Retention.WORKSPACE, 40), MediaKind.IMAGE);
    pipeline.flush();
    AssetStored draft =
        pipeline.await(1, o -> o.stored() != null, Duration.ofSeconds(30)).getFirst().stored();

    var expired =
        pipeline.await(
            1,
            o -> o.lifecycle() instanceof AssetExpired e && e.assetId().equals(draft.assetId()),
            Duration.ofSeconds(30));

    assertThat(expired).hasSize(1);
    assertThat(rig.exists(draft.bucket(), draft.objectKey())).isFalse();
  }

  private MediaGenerated input(
      UUID project, UUID owner, String scene, int version, Retention retention, int seed) {
    String path = "/lifecycle/" + project + "/" + scene + "/" + version + ".png";
    pipeline.source.serve(path, "image/png", SampleImages.png(seed));
    MediaGenerated base = Events.image(project, owner, scene, version, pipeline.source.url(path));
    return new MediaGenerated(
        base.projectId(),
        base.ownerId(),
        base.sceneId(),
        base.version(),
        base.variant(),
        base.sourceUrl(),
        base.expiresAt(),
        retention,
        base.generation(),
        base.jobId());
  }
}
