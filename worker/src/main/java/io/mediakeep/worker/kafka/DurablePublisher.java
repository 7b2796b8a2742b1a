package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.worker.core.Dependency;
import io.mediakeep.worker.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Publishes an outcome and does not give up: Kafka being down is never a record's fault, so the
 * record waits, with growing pauses, until its event is acknowledged or its processing is
 * cancelled.
 */
public final class DurablePublisher {

  private final EventPublisher publisher;
  private final Metrics metrics;
  private final Clock clock;
  private final DependencyWaits waits;

  public DurablePublisher(
      EventPublisher publisher, Metrics metrics, Clock clock, DependencyWaits waits) {
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.waits = waits;
  }

  /** True once Kafka acknowledged the message; false when cancelled first. */
  public boolean publish(String topic, KafkaMessage message, Cancellation cancellation) {
    DependencyWaits.Sequence pauses = waits.begin();
    while (!cancellation.cancelled()) {
      Instant start = clock.instant();
      try {
        publisher.send(topic, message).get(60, TimeUnit.SECONDS);
        metrics.published(Duration.between(start, clock.instant()));
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        if (!pauses.pause(Dependency.KAFKA, e, "publishing to " + topic, cancellation)) {
          return false;
        }
      }
    }
    return false;
  }
}
