package io.mediakeep.worker.local;

import io.mediakeep.contracts.AssetPromoted;
import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.AssetStored;
import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.InvalidEventException;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.PromoteAsset;
import io.mediakeep.contracts.Retention;
import io.mediakeep.contracts.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code mediakeep local --demo N}: serves N sample images from a loopback server, publishes N
 * image-generated events as an upstream generator would, prints what became of each, then keeps the
 * first stored image in its owner's library with a promote command.
 */
public final class Demo {

  private static final UUID OWNER = UUID.fromString("00000000-0000-4000-8000-00000000d3e0");

  private final String bootstrap;
  private final SourceServer source;
  private final PrintStream out;
  private final EventCodec codec = new EventCodec();

  public Demo(String bootstrap, SourceServer source, PrintStream out) {
    this.bootstrap = bootstrap;
    this.source = source;
    this.out = out;
  }

  /** Publishes the events and waits for every outcome; returns the number stored. */
  public int run(int count, Duration timeout) {
    String run = Long.toString(System.currentTimeMillis(), 36);
    Map<String, Integer> pending = new LinkedHashMap<>();
    List<UUID> projects = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    for (int i = 1; i <= count; i++) {
      source.serve("/demo/" + run + "/" + i + ".png", "image/png", SampleImages.png(i));
    }
    try (KafkaConsumer<byte[], byte[]> results = resultsConsumer();
        KafkaProducer<byte[], byte[]> producer = producer()) {
      Instant start = Instant.now();
      for (int i = 1; i <= count; i++) {
        String path = "/demo/" + run + "/" + i + ".png";
        MediaGenerated data =
            new MediaGenerated(
                projects.get(i % projects.size()),
                OWNER,
                "scene-" + run + "-" + i,
                1,
                0,
                source.url(path),
                Instant.now().plus(Duration.ofHours(1)),
                Retention.PROJECT,
                new Generation(
                    "demo", "gradient-v1", "a gradient, #" + i, (long) i, 320, 180, Map.of()),
                null);
        String id = UUID.randomUUID().toString();
        pending.put(id, i);
        KafkaMessage message =
            codec.encodeGenerated(id, "/mediakeep/demo", MediaKind.IMAGE, data, Instant.now());
        RecordHeaders headers = new RecordHeaders();
        message.headers().forEach(headers::add);
        producer.send(
            new ProducerRecord<>(
                Topics.MEDIA_GENERATED,
                null,
                message.key().getBytes(StandardCharsets.UTF_8),
                message.value(),
                headers));
      }
      producer.flush();
      out.printf("published %d image-generated events to %s%n", count, Topics.MEDIA_GENERATED);
      AssetStored[] first = new AssetStored[1];
      int stored = await(results, pending, start, timeout, first);
      Duration took = Duration.between(start, Instant.now());
      out.printf(
          "demo: %d stored, %d rejected, %d missing in %.2f s (%.1f events/s)%n",
          stored,
          count - stored - pending.size(),
          pending.size(),
          took.toMillis() / 1000.0,
          (count - pending.size()) * 1000.0 / Math.max(1, took.toMillis()));
      if (first[0] != null) {
        promote(first[0], producer, results, timeout);
      }
      return stored;
    }
  }

  /**
   * Keeps the first stored image in the owner's library, as the app would: a promote command, then
   * the promoted event the worker answers with.
   */
  private void promote(
      AssetStored asset,
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> results,
      Duration timeout) {
    String id = UUID.randomUUID().toString();
    KafkaMessage message =
        codec.encodeCommand(
            id,
            "/mediakeep/demo",
            new PromoteAsset(asset.assetId(), asset.ownerId(), "Demo keeper", null),
            Instant.now());
    RecordHeaders headers = new RecordHeaders();
    message.headers().forEach(headers::add);
    producer.send(
        new ProducerRecord<>(
            Topics.ASSET_COMMANDS,
            null,
            message.key().getBytes(StandardCharsets.UTF_8),
            message.value(),
            headers));
    producer.flush();
    out.printf(
        "published media.asset.promote for asset %s to %s%n",
        asset.assetId(), Topics.ASSET_COMMANDS);
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<byte[], byte[]> record : results.poll(Duration.ofMillis(200))) {
        Map<String, byte[]> h = new HashMap<>();
        for (Header header : record.headers()) {
          h.put(header.key(), header.value());
        }
        try {
          if (record.topic().equals(Topics.ASSET_LIFECYCLE)
              && codec.decodeLifecycle(h, record.value()) instanceof AssetPromoted promoted
              && id.equals(promoted.causationId())) {
            out.printf(
                "  promoted  %s/%s  library entry %s%n",
                promoted.bucket(), promoted.objectKey(), promoted.libraryAssetId());
            return;
          }
          if (record.topic().equals(Topics.ASSET_REJECTED)) {
            AssetRejected rejected = codec.decodeRejected(h, record.value());
            if (id.equals(rejected.causationId())) {
              out.printf("  promote rejected: %s %s%n", rejected.reason(), rejected.detail());
              return;
            }
          }
        } catch (InvalidEventException e) {
          out.println("  unreadable result on " + record.topic() + ": " + e.getMessage());
        }
      }
    }
    out.println("  no answer to the promote within " + timeout);
  }

  private int await(
      KafkaConsumer<byte[], byte[]> results,
      Map<String, Integer> pending,
      Instant start,
      Duration timeout,
      AssetStored[] first) {
    int stored = 0;
    Instant deadline = Instant.now().plus(timeout);
    while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<byte[], byte[]> record : results.poll(Duration.ofMillis(200))) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
          headers.put(h.key(), h.value());
        }
        long ms = Duration.between(start, Instant.now()).toMillis();
        try {
          if (record.topic().equals(Topics.ASSET_STORED)) {
            AssetStored event = codec.decodeStored(headers, record.value());
            Integer n = pending.remove(event.causationId());
            if (n != null) {
              stored++;
              if (first[0] == null) {
                first[0] = event;
              }
              out.printf(
                  "  #%-4d stored   %s/%s  %s  %d bytes  %dx%d  (+%d ms)%n",
                  n,
                  event.bucket(),
                  event.objectKey(),
                  event.sha256().substring(0, 12),
                  event.sizeBytes(),
                  event.width(),
                  event.height(),
                  ms);
            }
          } else if (record.topic().equals(Topics.ASSET_REJECTED)) {
            AssetRejected event = codec.decodeRejected(headers, record.value());
            Integer n = pending.remove(event.causationId());
            if (n != null) {
              out.printf(
                  "  #%-4d rejected %s: %s (+%d ms)%n", n, event.reason(), event.detail(), ms);
            }
          }
        } catch (InvalidEventException e) {
          out.println("  unreadable result on " + record.topic() + ": " + e.getMessage());
        }
      }
    }
    return stored;
  }

  private KafkaConsumer<byte[], byte[]> resultsConsumer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
    List<TopicPartition> partitions =
        Stream.of(Topics.ASSET_STORED, Topics.ASSET_REJECTED, Topics.ASSET_LIFECYCLE)
            .flatMap(t -> consumer.partitionsFor(t).stream())
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config);
  }
}
