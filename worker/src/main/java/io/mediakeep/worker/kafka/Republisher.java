package io.mediakeep.worker.kafka;

import io.mediakeep.worker.core.RejectionLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Puts rejected input records back on a topic, each marked with how often it has now been replayed,
 * and waits until Kafka has acknowledged or refused every one.
 */
public final class Republisher implements AutoCloseable {

  /**
   * One record to send again: the bytes that were rejected, and the value of its {@code
   * mediakeep-replays} header, which replaces any the headers carry.
   */
  public record Replayed(
      String topic, byte[] key, byte[] value, Map<String, String> headers, int replays) {}

  private final Producer<byte[], byte[]> producer;

  public Republisher(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /**
   * Sends every record, then waits for all acknowledgements. The result has one entry per record,
   * in order: null where Kafka acknowledged it, else why it failed.
   */
  public List<Exception> sendAll(List<Replayed> records) {
    Map<String, Optional<RuntimeException>> unreachable = new HashMap<>();
    List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
    for (Replayed record : records) {
      CompletableFuture<Void> acked = new CompletableFuture<>();
      acks.add(acked);
      // Without metadata each send would block for max.block.ms; ask once per topic instead.
      Optional<RuntimeException> noTopic =
          unreachable.computeIfAbsent(record.topic(), this::reachableOrWhyNot);
      if (noTopic.isPresent()) {
        acked.completeExceptionally(noTopic.get());
        continue;
      }
      try {
        producer.send(
            toProducerRecord(record),
            (metadata, failure) -> {
              if (failure != null) {
                acked.completeExceptionally(failure);
              } else {
                acked.complete(null);
              }
            });
      } catch (RuntimeException e) {
        acked.completeExceptionally(e);
      }
    }
    producer.flush();
    List<Exception> results = new ArrayList<>(acks.size());
    for (CompletableFuture<Void> acked : acks) {
      results.add(outcome(acked));
    }
    return results;
  }

  private Optional<RuntimeException> reachableOrWhyNot(String topic) {
    try {
      producer.partitionsFor(topic);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(e);
    }
  }

  private static Exception outcome(CompletableFuture<Void> acked) {
    // The producer's delivery timeout completes every callback, so join cannot wait for ever.
    try {
      acked.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  static ProducerRecord<byte[], byte[]> toProducerRecord(Replayed record) {
    RecordHeaders headers = new RecordHeaders();
    record
        .headers()
        .forEach(
            (name, value) -> {
              if (!name.equals(RejectionLog.REPLAYS_HEADER)) {
                headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
              }
            });
    headers.add(
        RejectionLog.REPLAYS_HEADER,
        Integer.toString(record.replays()).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), headers);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
