package io.mediakeep.worker.kafka;

import io.github.resilience4j.core.IntervalFunction;
import io.mediakeep.worker.core.CircuitBreakers;
import io.mediakeep.worker.core.Dependency;
import io.mediakeep.worker.core.FailureClassifier;
import io.mediakeep.worker.metrics.Metrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a record waits for a dependency that is down: pauses from resilience4j's exponential
 * interval function (from {@link Waits#initial()} doubling up to {@link Waits#max()}), each counted
 * in the infrastructure-waits metric by {@link Dependency}, logged, and spent with or without a
 * slot of the in-flight budget as the dependency says. A refusal by an open circuit costs nothing,
 * so after one the pauses start again from the shortest: the record moves as soon as the circuit
 * lets calls through, not after a grown backoff.
 */
public final class DependencyWaits {

  private static final Logger log = LoggerFactory.getLogger(DependencyWaits.class);

  private final IntervalFunction intervals;
  private final Duration sourceOutageLimit;
  private final Metrics metrics;
  private final Waiting waiting;

  public DependencyWaits(Waits waits, Metrics metrics, Waiting waiting) {
    this.intervals = IntervalFunction.ofExponentialBackoff(waits.initial(), 2.0, waits.max());
    this.sourceOutageLimit = waits.sourceOutageLimit();
    this.metrics = metrics;
    this.waiting = waiting;
  }

  /** How long a source host may be down before its waiting events are rejected. */
  Duration sourceOutageLimit() {
    return sourceOutageLimit;
  }

  /** A fresh sequence of pauses, for one record. */
  Sequence begin() {
    return new Sequence();
  }

  /** The pauses of one record; not shared between threads. */
  final class Sequence {

    private int attempt;

    /**
     * Waits before the next try, after {@code dependency} failed with {@code cause} while {@code
     * what} was being done; false if the record was cancelled meanwhile.
     */
    boolean pause(Dependency dependency, Throwable cause, String what, Cancellation cancellation) {
      boolean refused = CircuitBreakers.refused(cause);
      attempt = refused ? 1 : attempt + 1;
      long millis = intervals.apply(attempt);
      metrics.infrastructureWait(dependency);
      String message = "{} is unavailable ({}); {} waits {} ms";
      String described = FailureClassifier.describe(cause);
      if (refused) {
        // Refusals repeat every pause per waiting record; the failures that opened the circuit
        // were logged already.
        log.debug(message, dependency, described, what, millis);
      } else {
        log.warn(message, dependency, described, what, millis);
      }
      return pauseFor(dependency, millis, cancellation);
    }

    /** Waits the shortest pause for {@code dependency}, uncounted: its circuit is still open. */
    boolean pauseWhileOpen(Dependency dependency, Cancellation cancellation) {
      attempt = 1;
      return pauseFor(dependency, intervals.apply(1), cancellation);
    }

    /** Waits after a failure that is no dependency's: a bug, logged where it was caught. */
    boolean pauseAfterBug(Cancellation cancellation) {
      attempt++;
      return cancellation.pause(intervals.apply(attempt));
    }

    private boolean pauseFor(Dependency dependency, long millis, Cancellation cancellation) {
      return dependency.holdsSlotWhileDown()
          ? cancellation.pause(millis)
          : waiting.pause(cancellation, millis);
    }
  }
}
