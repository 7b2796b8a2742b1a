package io.mediakeep.worker.core;

import java.io.IOException;

/** The object a copy or read named is not in the bucket. */
public final class ObjectMissingException extends IOException {

  public ObjectMissingException(String message, Throwable cause) {
    super(message, cause);
  }
}
