package io.mediakeep.worker.it;

import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.Retention;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Input events as an upstream generator would send them. */
final class Events {

  private Events() {}

  static MediaGenerated image(UUID project, UUID owner, String scene, int version, String url) {
    return image(project, owner, scene, version, url, null);
  }

  /** An image whose source URL expires at {@code expiresAt}, as Replicate's and fal's do. */
  static MediaGenerated image(
      UUID project, UUID owner, String scene, int version, String url, Instant expiresAt) {
    return new MediaGenerated(
        project,
        owner,
        scene,
        version,
        0,
        url,
        expiresAt,
        Retention.PROJECT,
        new Generation("test", "model-1", "a test image", 42L, 320, 180, Map.of("steps", 30)),
        "job-" + scene + "-" + version);
  }
}
