package io.mediakeep.worker.core;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * The retry settings of the pipeline: exponential backoff with jitter, a Retry-After from the
 * source honoured up to the longest backoff.
 */
public record RetryPolicies(
    int fetchAttempts, Duration initialBackoff, Duration maxBackoff, int infrastructureAttempts) {

  public RetryPolicies {
    if (fetchAttempts < 1 || infrastructureAttempts < 1) {
      throw new IllegalArgumentException("retry attempts must be at least 1");
    }
  }

  Retry fetchRetry(PipelineObserver observer) {
    IntervalFunction backoff = backoff();
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(fetchAttempts)
            .retryOnException(
                e -> !CircuitBreakers.refused(e) && FailureClassifier.isTransientFetchFailure(e))
            .intervalBiFunction(
                (attempt, outcome) -> {
                  long base = backoff.apply(attempt);
                  if (outcome.isLeft() && outcome.getLeft() instanceof SourceStatusException s) {
                    return s.retryAfter()
                        .map(ra -> Math.min(Math.max(ra.toMillis(), base), maxBackoff.toMillis()))
                        .orElse(base);
                  }
                  return base;
                })
            .build();
    return observed(Retry.of("fetch", config), "fetch", observer);
  }

  Retry infrastructureRetry(String stage, PipelineObserver observer) {
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(infrastructureAttempts)
            .retryOnException(
                e -> !(e instanceof InterruptedException) && !CircuitBreakers.refused(e))
            .intervalFunction(backoff())
            .build();
    return observed(Retry.of(stage, config), stage, observer);
  }

  /**
   * Retries for as long as it takes, with the same backoff, until {@code stopping} says so: for a
   * step whose work so far must not be thrown away (the row of an object already uploaded).
   */
  Retry untilDone(String stage, PipelineObserver observer) {
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(Integer.MAX_VALUE)
            .retryOnException(e -> !(e instanceof InterruptedException) && !(e instanceof Stopping))
            .intervalFunction(backoff())
            .build();
    return observed(Retry.of(stage + "-until-done", config), stage, observer);
  }

  /** Thrown by a call that {@link #untilDone} retries, when the worker is stopping. */
  static final class Stopping extends Exception {
    Stopping() {
      super("stopping", null, false, false);
    }
  }

  private IntervalFunction backoff() {
    return IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff);
  }

  private static Retry observed(Retry retry, String stage, PipelineObserver observer) {
    retry.getEventPublisher().onRetry(e -> observer.retried(stage));
    return retry;
  }
}
