package io.mediakeep.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Republishing: the exact bytes, the replay header raised, and an outcome per record. */
class RepublisherTest {

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final Republisher republisher = new Republisher(producer);

  @Test
  void sendsTheRejectedBytesWithTheReplayCountReplaced() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce_id", "e-1");
    headers.put("ce_type", "media.image.generated");
    headers.put("mediakeep-replays", "1");

    List<Exception> outcomes =
        republisher.sendAll(List.of(replayed("in", "p-1", "{\"a\":1}", headers, 2)));

    assertThat(outcomes).containsExactly((Exception) null);
    ProducerRecord<byte[], byte[]> sent = producer.history().getFirst();
    assertThat(sent.topic()).isEqualTo("in");
    assertThat(sent.partition()).as("partitioned by key, like the original").isNull();
    assertThat(new String(sent.key(), StandardCharsets.UTF_8)).isEqualTo("p-1");
    assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    Map<String, String> sentHeaders = new LinkedHashMap<>();
    for (Header h : sent.headers()) {
      assertThat(sentHeaders).doesNotContainKey(h.key());
      sentHeaders.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    assertThat(sentHeaders)
        .containsExactly(
            Map.entry("ce_id", "e-1"),
            Map.entry("ce_type", "media.image.generated"),
            Map.entry("mediakeep-replays", "2"));
  }

  @Test
  void aRecordWithoutKeyOrValueIsSentAsItWas() {
    republisher.sendAll(List.of(new Republisher.Replayed("in", null, null, Map.of(), 1)));

    ProducerRecord<byte[], byte[]> sent = producer.history().getFirst();
    assertThat(sent.key()).isNull();
    assertThat(sent.value()).isNull();
    assertThat(sent.headers().lastHeader("mediakeep-replays").value())
        .isEqualTo("1".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachRecordGetsItsOwnOutcome() {
    MockProducer<byte[], byte[]> refusing =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (new String(record.key(), StandardCharsets.UTF_8).equals("too-big")) {
              RecordTooLargeException tooLarge = new RecordTooLargeException("1 MB limit");
              callback.onCompletion(null, tooLarge);
              return CompletableFuture.failedFuture(tooLarge);
            }
            return super.send(record, callback);
          }
        };

    List<Exception> outcomes =
        new Republisher(refusing)
            .sendAll(
                List.of(
                    replayed("in", "ok-1", "v", Map.of(), 1),
                    replayed("in", "too-big", "v", Map.of(), 1),
                    replayed("in", "ok-2", "v", Map.of(), 1)));

    assertThat(outcomes.get(0)).isNull();
    assertThat(outcomes.get(1)).isInstanceOf(RecordTooLargeException.class);
    assertThat(outcomes.get(2)).isNull();
  }

  @Test
  void anUnreachableTopicFailsItsRecordsWithoutSendingThem() {
    producer.partitionsForException = new TimeoutException("Topic in not present in metadata");

    List<Exception> outcomes =
        republisher.sendAll(
            List.of(replayed("in", "a", "v", Map.of(), 1), replayed("in", "b", "v", Map.of(), 1)));

    assertThat(outcomes).hasSize(2).allSatisfy(e -> assertThat(e).hasMessageContaining("in"));
    assertThat(producer.history()).isEmpty();
  }

  private static Republisher.Replayed replayed(
      String topic, String key, String value, Map<String, String> headers, int replays) {
    return new Republisher.Replayed(
        topic,
        key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        headers,
        replays);
  }
}
