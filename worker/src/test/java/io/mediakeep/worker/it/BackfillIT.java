package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.AssetStored;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.cli.BackfillCommand;
import io.mediakeep.worker.local.SampleImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The backfill against a legacy database of the old app's shape (content_creation_requests with
 * generated_output, and generated_images rows), on real PostgreSQL, Kafka and S3: 50 projects,
 * several images per scene, rows that override the document, dead and expired signed URLs and
 * malformed documents; backfilled twice, each image is stored once.
 */
class BackfillIT {

  private static final int PROJECTS = 50;

  private Pipeline pipeline;
  private String legacyUrl;
  private final Map<String, String> live = new HashMap<>();
  private final Set<String> dead = new HashSet<>();
  private final Set<String> expired = new HashSet<>();
  private final List<UUID> projects = new ArrayList<>();
  private final Set<UUID> malformed = new HashSet<>();
  private UUID overridden;

  @BeforeEach
  void start() throws Exception {
    pipeline = new Pipeline(Map.of()).startWorker();
    String database = "legacy_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection admin = superuser("postgres");
        Statement s = admin.createStatement()) {
      s.execute("create database " + database);
      s.execute("create role legacy_reader login password 'legacy'");
    } catch (java.sql.SQLException exists) {
      // the role stays from an earlier test of this JVM
    }
    legacyUrl = pipeline.stack.jdbcUrl().replace("/mediakeep", "/" + database);
    try (Connection c = superuser(database);
        Statement s = c.createStatement()) {
      s.execute(
          "create table content_creation_requests (id uuid primary key, user_id uuid not null,"
              + " generated_output jsonb)");
      s.execute(
          "create table generated_images (id uuid primary key default gen_random_uuid(),"
              + " content_creation_request_id uuid not null references content_creation_requests,"
              + " scene_index integer not null, image_index integer not null default 0,"
              + " image_url text not null,"
              + " unique (content_creation_request_id, scene_index, image_index))");
      s.execute("grant select on all tables in schema public to legacy_reader");
    }
    UUID owner = UUID.randomUUID();
    try (Connection c = superuser(database);
        PreparedStatement project =
            c.prepareStatement("insert into content_creation_requests values (?, ?, ?::jsonb)");
        PreparedStatement image =
            c.prepareStatement(
                "insert into generated_images (content_creation_request_id, scene_index,"
                    + " image_index, image_url) values (?, ?, ?, ?)")) {
      for (int p = 0; p < PROJECTS; p++) {
        UUID id = UUID.randomUUID();
        projects.add(id);
        project.setObject(1, id);
        project.setObject(2, owner);
        if (p == 7 || p == 8) {
          malformed.add(id);
          project.setString(3, p == 7 ? "{\"scenes\": \"not a list\"}" : "[1, 2, 3]");
          project.executeUpdate();
          continue;
        }
        StringBuilder scenes = new StringBuilder("[");
        for (int scene = 1; scene <= 2; scene++) {
          // Odd projects name their scenes' index; even ones leave it to the place (1-based).
          String index = p % 2 == 1 ? "\"index\": " + (scene * 10) + ", " : "";
          int position = p % 2 == 1 ? scene * 10 : scene;
          scenes
              .append(scene == 1 ? "" : ", ")
              .append("{")
              .append(index)
              .append("\"imageUrls\": [");
          for (int i = 0; i < 2; i++) {
            scenes
                .append(i == 0 ? "" : ", ")
                .append('"')
                .append(url(id, position, i, p))
                .append('"');
          }
          scenes.append("]}");
        }
        project.setString(3, "{\"title\": \"legacy " + p + "\", \"scenes\": " + scenes + "]}");
        project.executeUpdate();
        if (p % 5 == 0) {
          // A row overriding the document's first image of the first scene, and one more image.
          int position = p % 2 == 1 ? 10 : 1;
          String override = serve(id, position, 0, "override", 900 + p);
          live.remove(key(id, position, 0));
          live.put(key(id, position, 0), override);
          image.setObject(1, id);
          image.setInt(2, position);
          image.setInt(3, 0);
          image.setString(4, override);
          image.executeUpdate();
          String extra = serve(id, position, 5, "extra", 950 + p);
          live.put(key(id, position, 5), extra);
          image.setInt(3, 5);
          image.setString(4, extra);
          image.executeUpdate();
          overridden = id;
        }
      }
    }
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void backfilledTwiceEachImageIsStoredOnceAndTheDeadOnesAreRejectedWithReasons() throws Exception {
    long start = System.nanoTime();
    Run first = backfill("--source-url", legacyUrl, "--checkpoint", checkpoint().toString());
    int expectedStored = live.size();
    List<Pipeline.Output> stored =
        pipeline.await(expectedStored, o -> o.stored() != null, Duration.ofMinutes(2));
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Pipeline.Output> rejected =
        pipeline.await(
            dead.size() + expired.size(), o -> o.rejected() != null, Duration.ofMinutes(2));
    System.out.printf(
        "backfill: %d images published and %d stored in %.2f s = %.0f images/s%n",
        expectedStored + dead.size() + expired.size(),
        expectedStored,
        seconds,
        expectedStored / seconds);

    assertThat(first.exit).as(first.err).isZero();
    assertThat(first.out)
        .contains(PROJECTS + " projects")
        .contains((live.size() + dead.size() + expired.size()) + " published");
    for (UUID id : malformed) {
      assertThat(first.err).contains("project " + id + ": generated_output has no scenes array");
    }
    Set<String> storedKeys = new HashSet<>();
    for (Pipeline.Output output : stored) {
      AssetStored asset = output.stored();
      storedKeys.add(key(asset.projectId(), asset.position(), asset.variant()));
      assertThat(asset.sceneId()).isEqualTo("scene-" + asset.position());
    }
    assertThat(storedKeys).isEqualTo(live.keySet());
    Map<RejectReason, Integer> reasons = new HashMap<>();
    for (Pipeline.Output output : rejected) {
      AssetRejected r = output.rejected();
      reasons.merge(r.reason(), 1, Integer::sum);
    }
    assertThat(reasons)
        .containsEntry(RejectReason.SOURCE_NOT_FOUND, dead.size())
        .containsEntry(RejectReason.SOURCE_EXPIRED, expired.size());
    assertThat(rowsOf(overridden))
        .as("the generated_images row wins over the document")
        .contains(live.get(key(overridden, overridden == null ? 0 : positionOfFirst(), 0)));

    Run second = backfill("--source-url", legacyUrl, "--checkpoint", checkpoint().toString());
    assertThat(second.exit).as(second.err).isZero();
    assertThat(second.out).contains(live.size() + " already stored");
    pipeline.await(dead.size() + expired.size(), o -> o.rejected() != null, Duration.ofMinutes(1));
    assertThat(pipeline.drain(Duration.ofSeconds(2))).noneMatch(o -> o.stored() != null);
    try (Connection c = pipeline.db();
        PreparedStatement s =
            c.prepareStatement("select count(*) from assets where project_id = any(?)")) {
      s.setArray(1, c.createArrayOf("uuid", projects.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(live.size());
      }
    }
  }

  @Test
  void aDryRunCountsAndAResumedOneStartsAfterTheCheckpoint() throws Exception {
    Path checkpoint = checkpoint();
    List<String> ordered = projects.stream().map(UUID::toString).sorted().toList();
    Files.writeString(checkpoint, ordered.get(24) + "\n");

    Run dry = backfill("--source-url", legacyUrl, "--dry-run");
    Run resumed =
        backfill(
            "--source-url",
            legacyUrl,
            "--dry-run",
            "--resume",
            "--checkpoint",
            checkpoint.toString());

    assertThat(dry.out).contains("backfill --dry-run: " + PROJECTS + " projects");
    assertThat(resumed.out).contains("backfill --dry-run: " + (PROJECTS - 25) + " projects");
    assertThat(pipeline.drain(Duration.ofSeconds(2))).isEmpty();
  }

  private int positionOfFirst() {
    return projects.indexOf(overridden) % 2 == 1 ? 10 : 1;
  }

  /** The locations project_scene_images gives for the project's first scene. */
  private List<String> rowsOf(UUID project) throws Exception {
    try (Connection c = pipeline.db();
        PreparedStatement s =
            c.prepareStatement("select image_urls from project_scene_images(?) limit 1")) {
      s.setObject(1, project);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Array urls = rs.getArray(1);
        assertThat((Object[]) urls.getArray()).hasSize(3);
      }
    }
    List<String> sources = new ArrayList<>();
    try (Connection c = pipeline.db();
        PreparedStatement s =
            c.prepareStatement(
                "select source_url from assets where project_id = ? order by variant")) {
      s.setObject(1, project);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          sources.add(rs.getString(1));
        }
      }
    }
    return sources;
  }

  /** The URL of an image: live for most, 404 for some, an expired signed URL for others. */
  private String url(UUID project, int position, int index, int p) {
    if (p % 9 == 4 && index == 1) {
      String path = "/legacy/" + project + "/" + position + "/" + index + "-gone.png";
      pipeline.source.status(path, 404);
      dead.add(key(project, position, index));
      return pipeline.source.url(path);
    }
    if (p % 11 == 3 && index == 1) {
      String path = "/legacy/" + project + "/" + position + "/" + index + "-signed.png";
      pipeline.source.status(path, 403);
      expired.add(key(project, position, index));
      return pipeline.source.url(path)
          + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600";
    }
    String url = serve(project, position, index, "image", p * 10 + index);
    live.put(key(project, position, index), url);
    return url;
  }

  private String serve(UUID project, int position, int index, String name, int seed) {
    String path = "/legacy/" + project + "/" + position + "/" + index + "-" + name + ".png";
    pipeline.source.serve(path, "image/png", SampleImages.png(seed));
    return pipeline.source.url(path);
  }

  private static String key(UUID project, int position, int index) {
    return project + "/" + position + "/" + index;
  }

  private Path checkpoint() throws Exception {
    return Files.createTempDirectory("backfill-").resolve("backfill.checkpoint");
  }

  private Connection superuser(String database) throws Exception {
    return DriverManager.getConnection(
        pipeline.stack.jdbcUrl().replace("/mediakeep", "/" + database), "postgres", "");
  }

  private record Run(int exit, String out, String err) {}

  private Run backfill(String... args) {
    Map<String, String> env = new HashMap<>(pipeline.env());
    env.put("MEDIAKEEP_BACKFILL_SOURCE_USER", "legacy_reader");
    env.put("MEDIAKEEP_BACKFILL_SOURCE_PASSWORD", "legacy");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new BackfillCommand(env))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
