package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.worker.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an outcome and does not give up: Kafka being down is never a record's fault, so the
 * record waits, with growing pauses, until its event is acknowledged or its processing is
 * cancelled.
 */
public final class DurablePublisher {

  private static final Logger log = LoggerFactory.getLogger(DurablePublisher.class);

  private final EventPublisher publisher;
  private final Metrics metrics;
  private final Clock clock;
  private final Waits waits;

  public DurablePublisher(EventPublisher publisher, Metrics metrics, Clock clock, Waits waits) {
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.waits = waits;
  }

  /** True once Kafka acknowledged the message; false when cancelled first. */
  public boolean publish(String topic, KafkaMessage message, Cancellation cancellation) {
    long wait = waits.initial().toMillis();
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
        metrics.infrastructureWait("kafka");
        log.warn("publishing to {} failed, retrying in {} ms: {}", topic, wait, e.toString());
        if (!cancellation.pause(wait)) {
          return false;
        }
        wait = waits.next(wait);
      }
    }
    return false;
  }
}
