package io.mediakeep.worker.core;

import java.io.IOException;

/**
 * A source that kept its connection alive but sent its body slower than the minimum transfer rate.
 * Once it may be a bad moment and the fetch is tried again; the second time it is the source's
 * fault and the event is rejected {@code SOURCE_TOO_SLOW}.
 */
public final class SourceTooSlowException extends IOException {

  public SourceTooSlowException(String message) {
    super(message);
  }
}
