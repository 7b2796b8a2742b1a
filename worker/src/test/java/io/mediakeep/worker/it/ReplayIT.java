package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.cli.ReplayCommand;
import io.mediakeep.worker.local.SampleImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code mediakeep replay} against a running worker: records rejected because their source was
 * missing are put back once the source serves the file, and stored; replayed rows are marked and
 * not sent twice; a dry run sends and changes nothing; filters pick the right rows; a record that
 * is rejected again after a replay is held at the replay limit.
 */
class ReplayIT {

  private static final Duration WAIT = Duration.ofMinutes(1);

  private Pipeline pipeline;
  private final UUID owner = UUID.randomUUID();

  /** What one run of the command did. */
  record Run(int exit, String out, String err) {}

  /** One published input event and where Kafka put it. */
  record Published(String id, String scene, RecordMetadata at) {}

  @BeforeEach
  void start() throws Exception {
    pipeline = new Pipeline(Map.of()).startWorker();
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void rejectedRecordsAreReplayedOnceTheSourceIsBack() throws Exception {
    Instant start = Instant.now();
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    var source = pipeline.source;
    for (String path : List.of("/a1.png", "/a2.png", "/b1.png")) {
      source.status(path, 404);
    }
    source.status("/a3.png", 403);
    Map<String, Published> published = new HashMap<>();
    for (Published p :
        List.of(
            publish(a, "a1", "/a1.png"),
            publish(a, "a2", "/a2.png"),
            publish(a, "a3", "/a3.png"),
            publish(b, "b1", "/b1.png"))) {
      published.put(p.id(), p);
    }

    List<Pipeline.Output> rejected = pipeline.await(4, o -> o.rejected() != null, WAIT);
    for (Pipeline.Output output : rejected) {
      AssetRejected r = output.rejected();
      Published p = published.get(r.causationId());
      assertThat(p).as("rejection of a published event").isNotNull();
      assertThat(r.originalTopic()).isEqualTo(pipeline.inputTopic);
      assertThat(r.originalPartition()).isEqualTo(p.at().partition());
      assertThat(r.originalOffset()).isEqualTo(p.at().offset());
      assertThat(r.attempts()).isEqualTo(1);
      if (p.scene().equals("a3")) {
        assertThat(r.reason()).isEqualTo(RejectReason.SOURCE_FORBIDDEN);
        assertThat(r.detail()).contains("403");
      } else {
        assertThat(r.reason()).isEqualTo(RejectReason.SOURCE_NOT_FOUND);
        assertThat(r.detail()).contains("404");
      }
    }
    pipeline.awaitCommittedToEnd();
    for (String scene : List.of("a1", "a2", "a3", "b1")) {
      RejectionRow row = rows(scene).getFirst();
      assertThat(row.key()).isEqualTo((scene.startsWith("a") ? a : b).toString());
      assertThat(row.generation()).isZero();
      assertThat(row.replayCount()).isZero();
    }

    long inputEnd = inputEnd();
    Run dryRun = replay("--since", start.toString(), "--dry-run");
    assertThat(dryRun.exit()).isZero();
    assertThat(dryRun.out())
        .contains("would send 4 records to their original topics")
        .containsPattern("SOURCE_NOT_FOUND\\s+3")
        .containsPattern("SOURCE_FORBIDDEN\\s+1")
        .containsPattern(a + "\\s+3")
        .containsPattern(b + "\\s+1")
        .contains(pipeline.inputTopic + "/")
        .contains("held: replay limit reached: 0");
    Run dryRunOfOne = replay("--project", b.toString(), "--dry-run");
    assertThat(dryRunOfOne.out()).contains("would send 1 record ").doesNotContain(a.toString());
    assertThat(inputEnd()).as("a dry run sends nothing").isEqualTo(inputEnd);
    assertThat(replayCounts()).as("a dry run marks nothing").containsOnly(0);

    source.serve("/a1.png", "image/png", SampleImages.png(1));
    source.serve("/a2.png", "image/png", SampleImages.png(2));
    source.serve("/b1.png", "image/png", SampleImages.png(3));
    Run replay = replay("--project", a.toString(), "--reason", "SOURCE_NOT_FOUND");
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.err()).contains("replay: done, 2/2 sent (100%)");
    Set<String> storedScenes = storedScenes(2);
    assertThat(storedScenes).containsExactlyInAnyOrder("a1", "a2");
    assertThat(assetCount(a)).isEqualTo(2);
    assertThat(assetCount(b)).isZero();
    for (String scene : List.of("a1", "a2")) {
      RejectionRow row = rows(scene).getFirst();
      assertThat(row.replayCount()).as(scene).isEqualTo(1);
      assertThat(row.lastReplayedAt()).as(scene).isNotNull();
    }
    assertThat(rows("a3").getFirst().replayCount()).isZero();
    assertThat(rows("b1").getFirst().replayCount()).isZero();
    pipeline.awaitCommittedToEnd();

    long afterReplay = inputEnd();
    Run again = replay("--project", a.toString(), "--reason", "SOURCE_NOT_FOUND");
    assertThat(again.exit()).isZero();
    assertThat(again.err()).contains("replay: done, 0/0 sent");
    assertThat(inputEnd()).as("a second replay sends nothing").isEqualTo(afterReplay);

    Run projectB = replay("--project", b.toString());
    assertThat(projectB.exit()).isZero();
    assertThat(projectB.err()).contains("replay: done, 1/1 sent (100%)");
    assertThat(storedScenes(1)).containsExactly("b1");
    assertThat(assetCount(b)).isEqualTo(1);
    assertThat(rows("a3").getFirst().replayCount()).as("other reason, not replayed").isZero();
    assertThat(pipeline.drain(Duration.ofSeconds(1)))
        .as("nothing but the replayed outputs")
        .isEmpty();
  }

  @Test
  void aRecordRejectedAgainAfterAReplayIsHeldAtTheLimit() throws Exception {
    UUID project = UUID.randomUUID();
    pipeline.source.status("/c1.png", 403);
    Published original = publish(project, "c1", "/c1.png");
    pipeline.await(1, o -> o.rejected() != null, WAIT);
    pipeline.awaitCommittedToEnd();

    Run first = replay("--project", project.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("1/1 sent");

    AssetRejected again = pipeline.await(1, o -> o.rejected() != null, WAIT).getFirst().rejected();
    assertThat(again.causationId()).isEqualTo(original.id());
    assertThat(again.originalOffset()).isNotEqualTo(original.at().offset());
    assertThat(again.rawHeaders()).containsEntry("mediakeep-replays", "1");
    pipeline.awaitCommittedToEnd();
    List<RejectionRow> rows = rows("c1");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).generation()).isZero();
    assertThat(rows.get(0).replayCount()).isEqualTo(1);
    assertThat(rows.get(1).generation()).isEqualTo(1);
    assertThat(rows.get(1).replayCount()).isZero();
    assertThat(rows.get(1).key()).as("the replay kept the key").isEqualTo(project.toString());

    long inputEnd = inputEnd();
    Run held = replay("--project", project.toString(), "--max-replays", "1");
    assertThat(held.exit()).isZero();
    assertThat(held.err())
        .contains("replay: done, 0/0 sent (100%), 1 held at the replay limit")
        .contains("held: replay limit reached");
    assertThat(inputEnd()).isEqualTo(inputEnd);
    assertThat(rows("c1").get(1).replayCount()).isZero();

    Run underDefaultLimit = replay("--project", project.toString(), "--dry-run");
    assertThat(underDefaultLimit.out()).contains("would send 1 record ");
    Run withAgain =
        replay("--project", project.toString(), "--again", "--max-replays", "1", "--dry-run");
    assertThat(withAgain.out())
        .contains("would send 1 record ")
        .contains("held: replay limit reached: 1")
        .contains("/" + original.at().offset() + "  SOURCE_FORBIDDEN  replays 0");
  }

  private Published publish(UUID project, String scene, String path) throws Exception {
    String id = UUID.randomUUID().toString();
    RecordMetadata at =
        pipeline
            .publish(
                id,
                Events.image(project, owner, scene, 1, pipeline.source.url(path)),
                MediaKind.IMAGE)
            .get(30, TimeUnit.SECONDS);
    return new Published(id, scene, at);
  }

  private Run replay(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new ReplayCommand(pipeline.env(), Clock.systemUTC()))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Set<String> storedScenes(int count) {
    Set<String> scenes = new java.util.HashSet<>();
    pipeline
        .await(count, o -> o.stored() != null && o.stored().ownerId().equals(owner), WAIT)
        .forEach(o -> scenes.add(o.stored().sceneId()));
    return scenes;
  }

  private long inputEnd() throws Exception {
    return pipeline.endOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  /** A rejection row of this test's owner, oldest first. */
  record RejectionRow(String key, int generation, int replayCount, Object lastReplayedAt) {}

  private List<RejectionRow> rows(String scene) throws Exception {
    List<RejectionRow> rows = new ArrayList<>();
    try (Connection db = pipeline.db();
        PreparedStatement q =
            db.prepareStatement(
                "select raw_key, replay_generation, replay_count, last_replayed_at"
                    + " from asset_rejections where owner_id = ? and scene_id = ? order by id")) {
      q.setObject(1, owner);
      q.setString(2, scene);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new RejectionRow(
                  new String(rs.getBytes(1), StandardCharsets.UTF_8),
                  rs.getInt(2),
                  rs.getInt(3),
                  rs.getObject(4)));
        }
      }
    }
    assertThat(rows).as("rejection rows of %s", scene).isNotEmpty();
    return rows;
  }

  private List<Integer> replayCounts() throws Exception {
    List<Integer> counts = new ArrayList<>();
    try (Connection db = pipeline.db();
        PreparedStatement q =
            db.prepareStatement("select replay_count from asset_rejections where owner_id = ?")) {
      q.setObject(1, owner);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          counts.add(rs.getInt(1));
        }
      }
    }
    return counts;
  }

  private int assetCount(UUID project) throws Exception {
    try (Connection db = pipeline.db();
        PreparedStatement q =
            db.prepareStatement("select count(*) from assets where project_id = ?")) {
      q.setObject(1, project);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
