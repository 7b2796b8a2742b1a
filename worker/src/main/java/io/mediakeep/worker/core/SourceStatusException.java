package io.mediakeep.worker.core;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** A source answered with an HTTP status other than 200. */
public final class SourceStatusException extends IOException {

  private final int status;
  private final Duration retryAfter;

  public SourceStatusException(String host, int status, Duration retryAfter) {
    super("HTTP " + status + " from " + host);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
