package io.mediakeep.worker.core;

import java.util.UUID;

/** The idempotency key of an asset: one stored file per (project, scene, version, variant). */
public record AssetKey(UUID projectId, String sceneId, int version, int variant) {

  /**
   * The key as the names of its ids spell it ({@link AssetIds}): {@code
   * <projectId>/<sceneId>/v<version>-<variant>}, the project id in UUID's lower-case hex form and
   * the numbers in decimal. Fixed forever: every stored id derives from it.
   */
  public String canonical() {
    return projectId.toString()
        + "/"
        + sceneId
        + "/v"
        + Integer.toString(version)
        + "-"
        + Integer.toString(variant);
  }

  /** For logs and messages; may change, unlike {@link #canonical()}. */
  @Override
  public String toString() {
    return canonical();
  }
}
