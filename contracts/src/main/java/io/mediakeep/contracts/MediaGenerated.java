package io.mediakeep.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of a media-generated event: which scene version a generator produced and where to fetch it.
 *
 * <p>An absent retention means {@link Retention#PROJECT}; an absent variant is 0.
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
    String jobId)
    implements RejectedInput {

  public MediaGenerated {
    retention = retention == null ? Retention.PROJECT : retention;
  }
}
