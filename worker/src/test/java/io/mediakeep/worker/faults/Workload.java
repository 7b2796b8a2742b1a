package io.mediakeep.worker.faults;

import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.contracts.Retention;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Input events for a fault scenario, each with what must come of it: stored with the source's
 * SHA-256, or rejected with a reason. Projects and owners are new per workload, so the oracle sees
 * only this scenario's rows and objects.
 */
final class Workload {

  /** What must come of one input. */
  sealed interface Expect {
    record Stored(String sha256) implements Expect {}

    record Rejected(RejectReason reason) implements Expect {}
  }

  /** One input: an event ({@code data}) or raw bytes that are not one. */
  record Input(String key, MediaGenerated data, byte[] raw, Expect expect) {

    String assetKey() {
      return data.projectId() + "/" + data.sceneId() + "/v" + data.version() + "-" + data.variant();
    }

    String objectPrefix() {
      return data.ownerId()
          + "/"
          + data.projectId()
          + "/"
          + data.sceneId()
          + "/v"
          + data.version()
          + "-"
          + data.variant()
          + "-";
    }
  }

  final List<UUID> projects = new ArrayList<>();
  final List<UUID> owners = new ArrayList<>();
  private final String sourceBase;

  Workload(String sourceBase, int projectCount) {
    this.sourceBase = sourceBase;
    for (int i = 0; i < projectCount; i++) {
      projects.add(UUID.randomUUID());
      owners.add(UUID.randomUUID());
    }
  }

  /**
   * {@code n} images, one per scene, spread over the projects. One in 40 points at a missing file
   * (SOURCE_NOT_FOUND) and one in 100 is not JSON at all (INVALID_EVENT), so rejections are checked
   * under the same faults.
   */
  List<Input> images(int n) {
    List<Input> inputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i % 100 == 50) {
        inputs.add(
            new Input(
                "garbage-" + i,
                null,
                ("{not json " + i).getBytes(StandardCharsets.UTF_8),
                new Expect.Rejected(RejectReason.INVALID_EVENT)));
      } else if (i % 40 == 20) {
        inputs.add(
            input(
                i,
                "scene-" + i,
                1,
                "/missing/" + i,
                new Expect.Rejected(RejectReason.SOURCE_NOT_FOUND)));
      } else {
        inputs.add(image(i, "scene-" + i, 1, i));
      }
    }
    return inputs;
  }

  /** {@code scenes} × {@code versions} images of the same scenes, shuffled with a fixed seed. */
  List<Input> versions(int scenes, int versions, long seed) {
    List<Input> inputs = new ArrayList<>(scenes * versions);
    for (int s = 0; s < scenes; s++) {
      for (int v = 1; v <= versions; v++) {
        inputs.add(image(s, "scene-" + s, v, s * 1000 + v));
      }
    }
    Collections.shuffle(inputs, new Random(seed));
    return inputs;
  }

  Input image(int index, String scene, int version, int seed) {
    return input(
        index,
        scene,
        version,
        "/img/" + seed + ".png",
        new Expect.Stored(FaultySource.sha256Hex(seed)));
  }

  private Input input(int index, String scene, int version, String path, Expect expect) {
    int p = index % projects.size();
    MediaGenerated data =
        new MediaGenerated(
            projects.get(p),
            owners.get(p),
            scene,
            version,
            0,
            sourceBase + path,
            null,
            Retention.PROJECT,
            new Generation("harness", "model-1", "a test image", 7L, 320, 180, Map.of()),
            null);
    return new Input(projects.get(p).toString(), data, null, expect);
  }
}
