package io.mediakeep.worker.core;

import io.mediakeep.contracts.AssetRole;
import io.mediakeep.contracts.FrameInfo;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import java.time.Instant;
import java.util.UUID;

/**
 * An asset as the ledger holds it. A tombstone ({@code state} not LIVE) keeps its key, owner,
 * location and times; {@code sourceFingerprint} and {@code url} are null and {@code removedAt} says
 * when it went.
 */
public record StoredAsset(
    UUID id,
    UUID ownerId,
    AssetKey key,
    MediaKind mediaType,
    Retention retention,
    String bucket,
    String objectKey,
    String url,
    String contentType,
    long sizeBytes,
    String sha256,
    Integer width,
    Integer height,
    Long durationMs,
    String sourceFingerprint,
    boolean current,
    Instant expiresAt,
    Instant storedAt,
    AssetState state,
    Instant removedAt,
    AssetRole role,
    Integer position,
    FrameInfo frame) {

  public boolean live() {
    return state == AssetState.LIVE;
  }
}
