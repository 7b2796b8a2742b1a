package io.mediakeep.contracts;

/** Why mediakeep gave up on an input event; upstream decides from it whether to regenerate. */
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
  RETRIES_EXHAUSTED
}
