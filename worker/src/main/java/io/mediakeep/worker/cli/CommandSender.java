package io.mediakeep.worker.cli;

import io.mediakeep.contracts.AssetCommand;
import io.mediakeep.contracts.AssetDeleted;
import io.mediakeep.contracts.AssetExpired;
import io.mediakeep.contracts.AssetLost;
import io.mediakeep.contracts.AssetPromoted;
import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.InvalidEventException;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.LifecycleEvent;
import io.mediakeep.contracts.OwnerPurged;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.kafka.EventPublisher;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Publishes one command as an upstream app would, and, when asked, waits for what the worker made
 * of it: its lifecycle event, or its rejection.
 */
final class CommandSender {

  private static final String SOURCE = "/mediakeep/cli";

  private final WorkerConfig config;
  private final EventCodec codec = new EventCodec();
  private final PrintWriter out;
  private final PrintWriter err;

  CommandSender(WorkerConfig config, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  /**
   * Sends the command; with a {@code wait}, prints the event that answers it (its causation id is
   * the command's, or its id the one expected) and returns 0 for a lifecycle event, 1 for a
   * rejection or when none came in time.
   */
  int send(AssetCommand command, UUID expectedEventId, Duration wait) throws Exception {
    String id = UUID.randomUUID().toString();
    KafkaMessage message = codec.encodeCommand(id, SOURCE, command, Instant.now());
    try (KafkaConsumer<byte[], byte[]> results = wait == null ? null : resultsConsumer();
        EventPublisher publisher = new EventPublisher(new KafkaProducer<>(producerConfig()))) {
      var ack = publisher.send(config.kafka().commandsTopic(), message).get(30, TimeUnit.SECONDS);
      err.printf(
          "sent %s %s to %s-%d@%d%n",
          command.eventType(), id, ack.topic(), ack.partition(), ack.offset());
      err.flush();
      if (results == null) {
        return 0;
      }
      return await(results, id, expectedEventId, wait);
    }
  }

  private int await(
      KafkaConsumer<byte[], byte[]> results, String commandId, UUID expected, Duration wait) {
    err.printf("waiting up to %d s for the result...%n", wait.toSeconds());
    err.flush();
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : results.poll(Duration.ofMillis(200))) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
          headers.put(h.key(), h.value());
        }
        try {
          if (record.topic().equals(config.kafka().rejectedTopic())) {
            AssetRejected rejected = codec.decodeRejected(headers, record.value());
            if (commandId.equals(rejected.causationId())) {
              out.println(new String(record.value(), StandardCharsets.UTF_8));
              out.flush();
              err.printf("rejected: %s: %s%n", rejected.reason(), rejected.detail());
              err.flush();
              return 1;
            }
          } else {
            LifecycleEvent event = codec.decodeLifecycle(headers, record.value());
            if (answers(event, commandId, expected)) {
              out.println(new String(record.value(), StandardCharsets.UTF_8));
              out.flush();
              err.printf("%s %s%n", event.eventType(), event.eventId());
              err.flush();
              return 0;
            }
          }
        } catch (InvalidEventException e) {
          // Not ours to judge: other producers may share the topics.
        }
      }
    }
    err.printf(
        "no result within %d s; the command stays queued and the worker will process it%n",
        wait.toSeconds());
    err.flush();
    return 1;
  }

  private static boolean answers(LifecycleEvent event, String commandId, UUID expected) {
    String causation =
        switch (event) {
          case AssetPromoted p -> p.causationId();
          case AssetDeleted d -> d.causationId();
          case AssetLost l -> null;
          case OwnerPurged p -> p.causationId();
          case AssetExpired e -> null;
        };
    return commandId.equals(causation) || event.eventId().equals(expected);
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> producer = config.kafka().producerConfig();
    producer.put(ProducerConfig.CLIENT_ID_CONFIG, config.kafka().clientId() + "-cli");
    return producer;
  }

  /** Reads the lifecycle and rejection topics from their current end, before the command goes. */
  private KafkaConsumer<byte[], byte[]> resultsConsumer() {
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, config.kafka().clientId() + "-cli-wait");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(config.kafka().lifecycleTopic(), config.kafka().rejectedTopic())) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }
}
