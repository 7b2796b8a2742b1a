package io.mediakeep.contracts;

/**
 * An event that cannot be decoded or fails its schema; the message is a short detail fit for an
 * asset-rejected event.
 */
public final class InvalidEventException extends Exception {

  public InvalidEventException(String detail) {
    super(detail);
  }

  public InvalidEventException(String detail, Throwable cause) {
    super(detail, cause);
  }
}
