package io.mediakeep.worker.core;

import java.util.Locale;

/**
 * What the worker depends on, and what becomes of an event while one of them is down: the one place
 * that decides it. No dependency being down is ever the event's fault, so none of them rejects an
 * event by itself failing; only a source host's outage is bounded, since the provider's URL
 * expires.
 *
 * <ul>
 *   <li>{@link #POSTGRES} and {@link #S3}: a hiccup is retried in place a few times ({@code
 *       RetryPolicies.infrastructureRetry}); after that the event waits with growing pauses, for as
 *       long as it takes, holding its slot of the in-flight budget, while the dependency's circuit
 *       breaker holds consumption (no new events are taken). After a successful upload the row is
 *       waited for in place ({@code RetryPolicies.untilDone}), so an upload is never thrown away.
 *   <li>{@link #KAFKA}: publishing an outcome waits with growing pauses until it is acknowledged,
 *       holding the slot; the record stays uncommitted meanwhile.
 *   <li>{@link #SOURCE}: a failing host's circuit breaker opens; its events wait without a slot
 *       (the other providers keep the budget), and once the host has been down for {@code
 *       MEDIAKEEP_SOURCE_OUTAGE_LIMIT} they are rejected {@code RETRIES_EXHAUSTED}, to be replayed
 *       or regenerated.
 * </ul>
 *
 * The name in lower case is the {@code dependency} tag of the metrics.
 */
public enum Dependency {
  POSTGRES(true, false),
  S3(true, false),
  KAFKA(true, false),
  SOURCE(false, true);

  private final boolean holdsSlotWhileDown;
  private final boolean outageLimited;

  Dependency(boolean holdsSlotWhileDown, boolean outageLimited) {
    this.holdsSlotWhileDown = holdsSlotWhileDown;
    this.outageLimited = outageLimited;
  }

  /** True when an event waiting for it keeps its slot of the in-flight budget. */
  public boolean holdsSlotWhileDown() {
    return holdsSlotWhileDown;
  }

  /** True when an event waits for it only up to the outage limit, then is rejected. */
  public boolean outageLimited() {
    return outageLimited;
  }

  /** The metric tag and log name: {@code postgres}, {@code s3}, {@code kafka}, {@code source}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return tag();
  }
}
