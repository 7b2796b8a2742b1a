package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.KafkaMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Sends encoded CloudEvents to a topic and completes when Kafka has acknowledged them. */
public final class EventPublisher implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;

  public EventPublisher(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  public CompletableFuture<RecordMetadata> send(String topic, KafkaMessage message) {
    RecordHeaders headers = new RecordHeaders();
    for (Map.Entry<String, byte[]> header : message.headers().entrySet()) {
      headers.add(header.getKey(), header.getValue());
    }
    byte[] key = message.key() == null ? null : message.key().getBytes(StandardCharsets.UTF_8);
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topic, null, key, message.value(), headers),
          (metadata, failure) -> {
            if (failure != null) {
              acked.completeExceptionally(failure);
            } else {
              acked.complete(metadata);
            }
          });
    } catch (RuntimeException e) {
      acked.completeExceptionally(e);
    }
    return acked;
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
