package io.mediakeep.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of a media-generated event: which scene version a generator produced and where to fetch it.
 *
 * <p>An absent retention means {@link Retention#PROJECT}; an absent variant is 0. {@code role},
 * {@code position} and {@code frame} may be null: the worker then takes the role by media kind and
 * the position from the number the sceneId ends with.
 */
public record MediaGenerated(
    UUID projectId,
    UUID ownerId,
    String sceneId,
    int version,
    int variant,
    String sourceUrl,
    Instant expiresAt,
    Retention retention,
    Generation generation,
    String jobId,
    AssetRole role,
    Integer position,
    FrameInfo frame)
    implements RejectedInput {

  public MediaGenerated {
    retention = retention == null ? Retention.PROJECT : retention;
  }

  /** Data without a role, a position or frame metadata, as events before the video phase. */
  public MediaGenerated(
      UUID projectId,
      UUID ownerId,
      String sceneId,
      int version,
      int variant,
      String sourceUrl,
      Instant expiresAt,
      Retention retention,
      Generation generation,
      String jobId) {
    this(
        projectId,
        ownerId,
        sceneId,
        version,
        variant,
        sourceUrl,
        expiresAt,
        retention,
        generation,
        jobId,
        null,
        null,
        null);
  }
}
