package io.mediakeep.worker.it;

import static io.mediakeep.worker.fetch.VideoFixtures.box;
import static io.mediakeep.worker.fetch.VideoFixtures.concat;
import static io.mediakeep.worker.fetch.VideoFixtures.fixture;
import static io.mediakeep.worker.fetch.VideoFixtures.padded;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.AssetRole;
import io.mediakeep.contracts.AssetStored;
import io.mediakeep.contracts.FrameInfo;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.local.SampleImages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A video project through the whole pipeline: frames (images), the clips between them (real MP4 and
 * WebM files from ffmpeg) and the final video (an MP4 large enough to go up in parts), arriving
 * shuffled, end as a timeline in order and a final video the downstream phase finds; lying
 * containers are refused with a reason.
 */
class VideoProjectIT {

  private Pipeline pipeline;

  @BeforeEach
  void start() throws Exception {
    pipeline =
        new Pipeline(
                Map.of(
                    "MEDIAKEEP_MULTIPART_THRESHOLD", "5MiB",
                    "MEDIAKEEP_MULTIPART_PART_SIZE", "5MiB",
                    "MEDIAKEEP_VIDEO_MAX_DURATION", "2600ms"))
            .startWorker();
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void sixFramesFiveClipsAndAFinalVideoShuffledEndAsATimelineInOrder() throws Exception {
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    List<MediaGenerated> frames = new ArrayList<>();
    List<MediaGenerated> clips = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String url = serve("frame-" + i + ".png", SampleImages.png(100 + i));
      FrameInfo info =
          new FrameInfo("frame " + i, String.format("00:%02d", i * 2), "the story", "ink", "calm");
      frames.add(event(project, owner, "frame-" + i, url, AssetRole.FRAME, null, info));
    }
    for (int i = 0; i < 5; i++) {
      String file = i % 2 == 0 ? "clip.mp4" : "vp8-opus.webm";
      String url = serve("clip-" + i + "-" + file, fixture(file));
      clips.add(event(project, owner, "between-" + i, url, null, i, null));
    }
    byte[] finalVideo = padded(fixture("clip-faststart.mp4"), 7 * 1024 * 1024);
    MediaGenerated last =
        event(project, owner, "final", serve("final.mp4", finalVideo), AssetRole.FINAL, null, null);
    List<Runnable> publishes = new ArrayList<>();
    frames.forEach(f -> publishes.add(() -> pipeline.publish(f, MediaKind.IMAGE)));
    clips.forEach(c -> publishes.add(() -> pipeline.publish(c, MediaKind.VIDEO)));
    publishes.add(() -> pipeline.publish(last, MediaKind.VIDEO));
    Collections.shuffle(publishes, new Random(12));
    publishes.forEach(Runnable::run);
    pipeline.flush();

    Map<String, AssetStored> stored =
        pipeline.await(12, o -> o.stored() != null, Duration.ofMinutes(1)).stream()
            .map(Pipeline.Output::stored)
            .collect(Collectors.toMap(AssetStored::sceneId, s -> s));

    assertThat(stored.get("frame-3").role()).isEqualTo(AssetRole.FRAME);
    assertThat(stored.get("frame-3").position()).as("from the sceneId").isEqualTo(3);
    assertThat(stored.get("frame-3").frame().timestamp()).isEqualTo("00:06");
    assertThat(stored.get("between-1").role()).as("a video's default").isEqualTo(AssetRole.CLIP);
    assertThat(stored.get("between-0").contentType()).isEqualTo("video/mp4");
    assertThat(stored.get("between-0").durationMs()).isBetween(1950L, 2050L);
    assertThat(stored.get("between-1").contentType()).isEqualTo("video/webm");
    assertThat(stored.get("between-1").width()).isEqualTo(160);
    assertThat(stored.get("between-1").height()).isEqualTo(90);
    assertThat(stored.get("between-1").durationMs()).isBetween(2490L, 2590L);

    List<String> timeline = new ArrayList<>();
    try (Connection c = pipeline.db();
        PreparedStatement s =
            c.prepareStatement(
                "select scene_id, role, position, content_type from project_timeline(?)")) {
      s.setObject(1, project);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          timeline.add(rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getInt(3));
        }
      }
    }
    assertThat(timeline)
        .containsExactly(
            "frame-0:frame:0",
            "between-0:clip:0",
            "frame-1:frame:1",
            "between-1:clip:1",
            "frame-2:frame:2",
            "between-2:clip:2",
            "frame-3:frame:3",
            "between-3:clip:3",
            "frame-4:frame:4",
            "between-4:clip:4",
            "frame-5:frame:5");

    AssetStored found;
    try (Connection c = pipeline.db();
        PreparedStatement s =
            c.prepareStatement("select asset_id, size_bytes, sha256 from project_final_video(?)")) {
      s.setObject(1, project);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        found = stored.get("final");
        assertThat(rs.getObject(1, UUID.class)).isEqualTo(found.assetId());
        assertThat(rs.getLong(2)).isEqualTo(finalVideo.length);
        assertThat(rs.getString(3)).isEqualTo(Sha256.hex(finalVideo));
      }
    }
    try (S3Client s3 = pipeline.stack.s3Client()) {
      byte[] object =
          s3.getObjectAsBytes(b -> b.bucket(found.bucket()).key(found.objectKey())).asByteArray();
      assertThat(Sha256.hex(object))
          .as("the multipart object is the file")
          .isEqualTo(Sha256.hex(finalVideo));
    }
  }

  @Test
  void lyingContainersAndOverlongVideosAreRefusedWithAReason() {
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    byte[] real = fixture("clip-faststart.mp4");
    byte[] noise = new byte[8192];
    new Random(3).nextBytes(noise);
    byte[] ftypOnNoise = concat(Arrays.copyOf(real, 32), box("mdat", noise));
    Map<String, byte[]> bodies =
        Map.of(
            "quicktime", fixture("clip.mov"),
            "matroska", fixture("clip.mkv"),
            "ftyp-on-noise", ftypOnNoise,
            "too-long", fixture("vp9.webm"),
            "image-as-video", SampleImages.png(5));
    bodies.forEach(
        (name, body) ->
            pipeline.publish(
                event(project, owner, name, serve(name, body), null, null, null), MediaKind.VIDEO));
    pipeline.flush();

    Map<String, AssetRejected> rejected =
        pipeline.await(bodies.size(), o -> o.rejected() != null, Duration.ofMinutes(1)).stream()
            .map(Pipeline.Output::rejected)
            .collect(Collectors.toMap(r -> ((MediaGenerated) r.input()).sceneId(), r -> r));
    assertThat(rejected.get("quicktime").reason()).isEqualTo(RejectReason.UNSUPPORTED_MEDIA);
    assertThat(rejected.get("quicktime").detail()).contains("video/quicktime");
    assertThat(rejected.get("matroska").detail()).contains("video/x-matroska");
    assertThat(rejected.get("ftyp-on-noise").reason()).isEqualTo(RejectReason.UNSUPPORTED_MEDIA);
    assertThat(rejected.get("ftyp-on-noise").detail()).contains("no moov box");
    assertThat(rejected.get("too-long").reason()).isEqualTo(RejectReason.DIMENSIONS_EXCEEDED);
    assertThat(rejected.get("too-long").detail()).contains("duration");
    assertThat(rejected.get("image-as-video").reason()).isEqualTo(RejectReason.UNSUPPORTED_MEDIA);
  }

  private MediaGenerated event(
      UUID project,
      UUID owner,
      String scene,
      String url,
      AssetRole role,
      Integer position,
      FrameInfo frame) {
    MediaGenerated base = Events.image(project, owner, scene, 1, url);
    return new MediaGenerated(
        base.projectId(),
        base.ownerId(),
        base.sceneId(),
        base.version(),
        base.variant(),
        base.sourceUrl(),
        base.expiresAt(),
        Retention.PROJECT,
        base.generation(),
        base.jobId(),
        role,
        position,
        frame);
  }

  private String serve(String name, byte[] body) {
    String path = "/video/" + UUID.randomUUID() + "/" + name;
    pipeline.source.serve(path, "application/octet-stream", body);
    return pipeline.source.url(path);
  }
}
