package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetDeleted;
import io.mediakeep.contracts.AssetLost;
import io.mediakeep.contracts.AssetPromoted;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.PromoteAsset;
import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.cli.ReconcileCommand;
import io.mediakeep.worker.core.StoredAsset;
import io.mediakeep.worker.local.SampleImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code mediakeep reconcile} against real S3 and PostgreSQL, with a worker running: an object lost
 * behind a live row, an object overwritten with other bytes, a library entry's object lost, and an
 * object no row names. Each test works under an owner of its own ({@code --prefix}), since the
 * buckets are shared with the other tests.
 */
class ReconcileIT {

  private Pipeline pipeline;
  private LifecycleRig rig;
  @TempDir Path dir;

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

  private record Run(int exit, String out, String err) {
    List<String> findings() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  private Run reconcile(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new ReconcileCommand(pipeline.env()))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void findsDriftReportsItAndWithFixRepairsItOnce() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    String projectBucket = rig.layout().projectBucket();
    StoredAsset kept = rig.store(owner, project, "kept", 1, Retention.PROJECT, null);
    StoredAsset older = rig.store(owner, project, "scene", 1, Retention.PROJECT, null);
    StoredAsset lost = rig.store(owner, project, "scene", 2, Retention.PROJECT, null);
    StoredAsset overwritten = rig.store(owner, project, "other", 1, Retention.PROJECT, null);
    rig.s3.deleteObject(b -> b.bucket(projectBucket).key(lost.objectKey()));
    rig.s3.putObject(
        b -> b.bucket(projectBucket).key(overwritten.objectKey()),
        RequestBody.fromBytes(new byte[] {1, 2, 3}));
    String orphan = owner + "/" + project + "/stray/v1-0-0000000000000000.png";
    rig.s3.putObject(
        b -> b.bucket(projectBucket).key(orphan), RequestBody.fromBytes(SampleImages.png(3)));
    String promote = pipeline.command(new PromoteAsset(kept.id(), owner, null, null));
    AssetPromoted promoted =
        (AssetPromoted)
            pipeline.await(1, o -> o.answers(promote), Duration.ofSeconds(30)).get(0).lifecycle();
    rig.s3.deleteObject(b -> b.bucket(promoted.bucket()).key(promoted.objectKey()));
    String prefix = owner + "/";

    Run fresh = reconcile("--prefix", prefix);
    Run report = reconcile("--prefix", prefix, "--grace", "0s");

    assertThat(fresh.exit).as(fresh.err).isEqualTo(3);
    assertThat(fresh.out).as("a fresh object may still get its row").doesNotContain("orphan");
    assertThat(report.exit).as(report.err).isEqualTo(3);
    assertThat(report.findings())
        .hasSize(4)
        .anySatisfy(l -> assertThat(l).startsWith("orphan").contains(orphan))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("missing")
                    .contains(lost.objectKey(), "asset " + lost.id()))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("wrong-size")
                    .contains(
                        overwritten.objectKey(),
                        overwritten.sizeBytes() + " bytes recorded, 3 found"))
        .anySatisfy(
            l -> assertThat(l).startsWith("missing").contains(promoted.objectKey(), "library"));
    assertThat(rig.exists(projectBucket, orphan)).as("a report changes nothing").isTrue();

    Path metrics = dir.resolve("reconcile.prom");
    Run fix =
        reconcile(
            "--prefix", prefix, "--grace", "0s", "--fix", "--metrics-file", metrics.toString());

    assertThat(fix.exit).as(fix.err).isZero();
    assertThat(fix.findings()).hasSize(4).allSatisfy(l -> assertThat(l).contains(" -> "));
    assertThat(rig.exists(projectBucket, orphan)).isFalse();
    assertThat(rig.exists(projectBucket, overwritten.objectKey()))
        .as("the wrong bytes go")
        .isFalse();
    assertThat(
            rig.count(
                "select count(*) from assets where id in (?, ?)", lost.id(), overwritten.id()))
        .isZero();
    assertThat(rig.value("select is_current from assets where id = ?", older.id()))
        .as("the version below the lost current one takes over")
        .isEqualTo("t");
    assertThat(
            rig.count(
                "select count(*) from library_assets where id = ?", promoted.libraryAssetId()))
        .isZero();
    List<AssetLost> events =
        pipeline.await(3, o -> o.lifecycle() instanceof AssetLost, Duration.ofSeconds(30)).stream()
            .map(o -> (AssetLost) o.lifecycle())
            .toList();
    assertThat(events.stream().map(AssetLost::assetId).collect(Collectors.toSet()))
        .isEqualTo(Set.of(lost.id(), overwritten.id(), promoted.libraryAssetId()));
    AssetLost wrong =
        events.stream().filter(e -> e.assetId().equals(overwritten.id())).findFirst().orElseThrow();
    assertThat(wrong.foundSizeBytes()).isEqualTo(3L);
    assertThat(wrong.kind()).isEqualTo(AssetDeleted.Kind.ASSET);
    assertThat(wrong.sceneId()).isEqualTo("other");
    assertThat(Files.readString(metrics))
        .contains(
            "mediakeep_reconcile_findings{bucket=\"" + projectBucket + "\",kind=\"missing\"} 1.0")
        .contains("mediakeep_reconcile_fixed{bucket=\"" + projectBucket + "\",kind=\"orphan\"} 1.0")
        .contains("mediakeep_reconcile_success 1.0");

    Run again = reconcile("--prefix", prefix, "--grace", "0s", "--fix");
    assertThat(again.exit).as(again.err).isZero();
    assertThat(again.findings()).as("a second fix finds nothing").isEmpty();

    String path = "/again/" + UUID.randomUUID() + ".png";
    pipeline.source.serve(path, "image/png", SampleImages.png(77));
    pipeline.publish(
        Events.image(project, owner, "scene", 2, pipeline.source.url(path)), MediaKind.IMAGE);
    pipeline.flush();
    Pipeline.Output restored =
        pipeline
            .await(
                1,
                o ->
                    o.stored() != null && o.stored().projectId().equals(project)
                        || o.rejected() != null
                            && o.rejected().detail().contains(project.toString()),
                Duration.ofSeconds(30))
            .get(0);
    assertThat(restored.rejected()).isNull();
    assertThat(restored.stored().sceneId()).isEqualTo("scene");
    assertThat(restored.stored().version()).isEqualTo(2);
    assertThat(restored.stored().isCurrent())
        .as("the lost key is stored again, and is current again")
        .isTrue();
  }

  /**
   * 2,500 objects and rows under one owner: three pages of rows and of the listing, walked side by
   * side; the three rows without an object are found wherever the pages split.
   */
  @Test
  void aWalkOverSeveralPagesFindsExactlyWhatIsMissing() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    String bucket = rig.layout().workspaceBucket();
    int count = 2500;
    List<Integer> gone = List.of(0, 1000, 2499);
    try (var pool = Executors.newFixedThreadPool(16)) {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        if (gone.contains(i)) {
          continue;
        }
        String key = "%s/%s/s%04d/v1-0-0000000000000000.png".formatted(owner, project, i);
        puts.add(
            pool.submit(
                () ->
                    rig.s3.putObject(
                        b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[] {7}))));
      }
      for (var put : puts) {
        put.get();
      }
    }
    try (var c = pipeline.db();
        var insert =
            c.prepareStatement(
                "insert into assets (id, owner_id, project_id, scene_id, version, media_type,"
                    + " retention, bucket, object_key, content_type, size_bytes, sha256,"
                    + " source_url, source_event_id, created_at)"
                    + " select gen_random_uuid(), ?, ?, format('s%s', lpad(i::text, 4, '0')), 1,"
                    + " 'image', 'workspace', ?, format('%s/%s/s%s/v1-0-0000000000000000.png', ?,"
                    + " ?, lpad(i::text, 4, '0')), 'image/png', 1, repeat('a', 64), 'https://x',"
                    + " 'e', now() - interval '1 hour' from generate_series(0, ? - 1) i")) {
      insert.setObject(1, owner);
      insert.setObject(2, project);
      insert.setString(3, bucket);
      insert.setString(4, owner.toString());
      insert.setString(5, project.toString());
      insert.setInt(6, count);
      insert.execute();
    }

    Run report = reconcile("--bucket", bucket, "--prefix", owner + "/", "--grace", "0s");

    assertThat(report.exit).as(report.err).isEqualTo(3);
    assertThat(report.findings())
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).startsWith("missing"))
        .anySatisfy(l -> assertThat(l).contains("/s0000/"))
        .anySatisfy(l -> assertThat(l).contains("/s1000/"))
        .anySatisfy(l -> assertThat(l).contains("/s2499/"));
    assertThat(report.err).contains("2,497 objects, 2,500 rows; 0 orphans");
  }
}
