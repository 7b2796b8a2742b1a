package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetExpired;
import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.core.CrashPoint;
import io.mediakeep.worker.core.ExpirySweep;
import io.mediakeep.worker.core.StoredAsset;
import io.mediakeep.worker.faults.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mediakeep sweep} killed mid-batch, as a process: at each step of a batch (rows tombstoned,
 * objects deleted, events acknowledged) and at a random moment. A new sweep then leaves no live row
 * without its object and no object without a row, finishes every removal, and announces every
 * expired asset at least once.
 */
class SweepCrashIT {

  private static final int ASSETS = 300;

  private Pipeline pipeline;
  private LifecycleRig rig;

  @BeforeEach
  void start() throws Exception {
    pipeline = new Pipeline(Map.of("MEDIAKEEP_SWEEP_BATCH", "50"));
    rig = new LifecycleRig(pipeline);
    rig.sweep().run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);
    pipeline.drain(Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() throws Exception {
    rig.close();
    pipeline.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"REMOVALS_QUEUED:2", "OBJECTS_DELETED:2", "REMOVALS_PUBLISHED:2", "random"})
  void aSweepKilledMidBatchIsFinishedByTheNext(String crash) throws Exception {
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    Instant past = Instant.now().minusSeconds(60);
    List<StoredAsset> assets = new ArrayList<>();
    for (int i = 0; i < ASSETS; i++) {
      // Two versions per scene: each tombstone moves the current flag of its scene.
      assets.add(rig.store(owner, project, "s" + (i / 2), 1 + i % 2, Retention.WORKSPACE, past));
    }
    List<StoredAsset> kept = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      kept.add(rig.store(owner, project, "p" + i, 1, Retention.PROJECT, null));
    }

    Map<String, String> env = new HashMap<>(pipeline.env());
    Path log = Files.createTempDirectory("sweep-crash-").resolve("sweep.log");
    if (!crash.equals("random")) {
      env.put("MEDIAKEEP_CRASH_AT", crash);
    }
    JavaProcess sweeper =
        JavaProcess.start(
            List.of("-Xmx256m", "-jar", JavaProcess.JAR.toString()), List.of("sweep"), env, log);
    if (crash.equals("random")) {
      Thread.sleep(1_500 + new java.util.Random().nextInt(1_500));
      sweeper.kill();
    } else {
      assertThat(sweeper.awaitExit(Duration.ofMinutes(2))).isTrue();
      assertThat(sweeper.exitCode()).as("see %s", log).isEqualTo(CrashPoint.EXIT_STATUS);
    }
    assertNoLiveRowWithoutItsObjectAndNoObjectWithoutARow(owner, assets, kept);

    ExpirySweep.Report next =
        rig.sweep().run(Long.MAX_VALUE, ExpirySweep.Progress.NONE, () -> false);

    assertThat(next.failed()).isZero();
    assertNoLiveRowWithoutItsObjectAndNoObjectWithoutARow(owner, assets, kept);
    assertThat(
            rig.count(
                "select count(*) from assets where owner_id = ? and state = 'expired'", owner))
        .isEqualTo(ASSETS);
    assertThat(rig.keys(rig.layout().workspaceBucket(), owner + "/")).isEmpty();
    assertThat(
            rig.count(
                "select count(*) from asset_removals where owner_id = ? and done_at is null",
                owner))
        .isZero();
    Set<UUID> expired = assets.stream().map(StoredAsset::id).collect(Collectors.toSet());
    Set<UUID> announced = new HashSet<>();
    for (var output :
        pipeline.await(
            ASSETS,
            o -> o.lifecycle() instanceof AssetExpired e && expired.contains(e.assetId()),
            Duration.ofMinutes(1))) {
      announced.add(((AssetExpired) output.lifecycle()).assetId());
    }
    pipeline.drain(Duration.ofSeconds(1)).stream()
        .filter(o -> o.lifecycle() instanceof AssetExpired e && expired.contains(e.assetId()))
        .forEach(o -> announced.add(((AssetExpired) o.lifecycle()).assetId()));
    assertThat(announced).isEqualTo(expired);
  }

  /**
   * Every live row's object is in its bucket, every object under the owner's prefix belongs to a
   * row, and each scene has at most one current row, a live one.
   */
  private void assertNoLiveRowWithoutItsObjectAndNoObjectWithoutARow(
      UUID owner, List<StoredAsset> drafts, List<StoredAsset> kept) throws Exception {
    Set<String> objects = new HashSet<>(rig.keys(rig.layout().workspaceBucket(), owner + "/"));
    objects.addAll(rig.keys(rig.layout().projectBucket(), owner + "/"));
    for (StoredAsset asset : kept) {
      assertThat(objects).contains(asset.objectKey());
    }
    Set<String> rowKeys = new HashSet<>();
    for (StoredAsset asset : drafts) {
      rowKeys.add(asset.objectKey());
      String state = rig.value("select state from assets where id = ?", asset.id());
      if (state.equals("live")) {
        assertThat(objects).as("object of live row %s", asset.id()).contains(asset.objectKey());
      }
    }
    kept.forEach(k -> rowKeys.add(k.objectKey()));
    assertThat(rowKeys).containsAll(objects);
    assertThat(
            rig.count(
                "select count(*) from assets where owner_id = ? and is_current and state <> 'live'",
                owner))
        .isZero();
    assertThat(
            rig.count(
                "select count(*) from (select 1 from assets where owner_id = ? and is_current"
                    + " group by project_id, scene_id, variant having count(*) > 1) twice",
                owner))
        .isZero();
  }
}
