package io.mediakeep.contracts;

/**
 * Why mediakeep gave up on an input event or a command; upstream decides from it whether to
 * regenerate.
 */
public enum RejectReason {
  INVALID_EVENT,
  SOURCE_NOT_FOUND,
  SOURCE_EXPIRED,
  SOURCE_FORBIDDEN,
  TOO_LARGE,
  UNSUPPORTED_MEDIA,
  DIMENSIONS_EXCEEDED,
  BLOCKED_URL,
  KEY_CONFLICT,
  RETRIES_EXHAUSTED,
  /** A command names no asset or library entry, or a live asset's object is missing. */
  ASSET_NOT_FOUND,
  /** A command names another owner's asset, entry or collection. */
  NOT_OWNER,
  /** The asset expired or was deleted; its key is not stored again. */
  ASSET_EXPIRED,
  /** The owner was purged after the event was produced. */
  OWNER_PURGED,
  /** The source sent its body slower than the minimum transfer rate, twice. */
  SOURCE_TOO_SLOW
}
