package io.mediakeep.worker.core;

import java.util.UUID;

/** The idempotency key of an asset: one stored file per (project, scene, version, variant). */
public record AssetKey(UUID projectId, String sceneId, int version, int variant) {

  @Override
  public String toString() {
    return projectId + "/" + sceneId + "/v" + version + "-" + variant;
  }
}
