package io.mediakeep.worker.it;

import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.Retention;
import java.util.Map;
import java.util.UUID;

/** Input events as an upstream generator would send them. */
final class Events {

  private Events() {}

  static MediaGenerated image(UUID project, UUID owner, String scene, int version, String url) {
    return new MediaGenerated(
        project,
        owner,
        scene,
        version,
        0,
        url,
        null,
        Retention.PROJECT,
        new Generation("test", "model-1", "a test image", 42L, 320, 180, Map.of("steps", 30)),
        "job-" + scene + "-" + version);
  }
}
