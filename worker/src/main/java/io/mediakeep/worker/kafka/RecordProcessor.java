package io.mediakeep.worker.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes one input record on its own (virtual) thread.
 *
 * <p>Contract: return {@code true} only once every effect of the record is durable (the row, the
 * object, and the asset-stored or asset-rejected event acknowledged by Kafka): only then may its
 * offset be committed. Return {@code false} when the cancellation fired first; the record is then
 * redelivered, which is safe because processing is idempotent. Never throw: bad input becomes a
 * rejection and an unavailable dependency is waited for.
 */
@FunctionalInterface
public interface RecordProcessor {

  boolean process(ConsumerRecord<byte[], byte[]> record, Cancellation cancellation);
}
