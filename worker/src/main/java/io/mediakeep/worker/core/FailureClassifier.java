package io.mediakeep.worker.core;

import io.mediakeep.contracts.RejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place that decides whether a failed download is permanent (reject now, with a reason) or
 * transient (retry with backoff). Failures of storage, database and Kafka are never the event's
 * fault: the pipeline waits for those instead of rejecting.
 */
public final class FailureClassifier {

  private FailureClassifier() {}

  /** What a failure means for the event that caused it. */
  public sealed interface Failure {
    /** The event can never succeed as it is. */
    record Permanent(RejectReason reason, String detail) implements Failure {}

    /** Trying again later may succeed. */
    record Transient(String detail, Optional<Duration> retryAfter) implements Failure {}
  }

  /**
   * Classifies a failed fetch. A 403 or 404 after the event's own {@code expiresAt} is reported as
   * SOURCE_EXPIRED, since that is what upstream must act on (regenerate).
   */
  public static Failure classifyFetch(Throwable failure, Instant sourceExpiresAt, Instant now) {
    if (failure instanceof MediaRejectedException rejected) {
      return new Failure.Permanent(rejected.reason(), rejected.getMessage());
    }
    if (failure instanceof SourceStatusException status) {
      return classifyStatus(status, sourceExpiresAt != null && !now.isBefore(sourceExpiresAt));
    }
    return new Failure.Transient(describe(failure), Optional.empty());
  }

  public static boolean isTransientFetchFailure(Throwable failure) {
    return classifyFetch(failure, null, Instant.EPOCH) instanceof Failure.Transient;
  }

  private static Failure classifyStatus(SourceStatusException e, boolean pastExpiry) {
    int status = e.status();
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      return new Failure.Transient(e.getMessage(), e.retryAfter());
    }
    if (pastExpiry && (status == 401 || status == 403 || status == 404 || status == 410)) {
      return new Failure.Permanent(
          RejectReason.SOURCE_EXPIRED, e.getMessage() + " after the source's expiresAt");
    }
    if (status == 401 || status == 403) {
      return new Failure.Permanent(RejectReason.SOURCE_FORBIDDEN, e.getMessage());
    }
    return new Failure.Permanent(RejectReason.SOURCE_NOT_FOUND, e.getMessage());
  }

  /** A short, single-line description of a failure for rejection details and logs. */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    String type = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
