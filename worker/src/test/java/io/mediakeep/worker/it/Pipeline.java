package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetCommand;
import io.mediakeep.contracts.AssetDeleted;
import io.mediakeep.contracts.AssetExpired;
import io.mediakeep.contracts.AssetLost;
import io.mediakeep.contracts.AssetPromoted;
import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.AssetStored;
import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.InvalidEventException;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.LifecycleEvent;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.OwnerPurged;
import io.mediakeep.worker.Worker;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.fetch.HostResolver;
import io.mediakeep.worker.local.EmbeddedKafka;
import io.mediakeep.worker.local.LocalStack;
import io.mediakeep.worker.local.SourceServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One worker under test on the shared stack, with topics and a consumer group of its own, a
 * loopback source server, and helpers to publish inputs and collect outputs.
 */
final class Pipeline implements AutoCloseable {

  static final int PARTITIONS = 4;

  final LocalStack stack = SharedStack.get();
  final EventCodec codec = new EventCodec();
  final SourceServer source;
  final String inputTopic;
  final String storedTopic;
  final String rejectedTopic;
  final String commandsTopic;
  final String lifecycleTopic;
  final String group;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> outputs;
  private final Map<String, String> env;
  private final List<Output> unclaimed = new ArrayList<>();
  private Worker worker;

  Pipeline(Map<String, String> overrides) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    inputTopic = "in-" + run;
    storedTopic = "stored-" + run;
    rejectedTopic = "rejected-" + run;
    commandsTopic = "commands-" + run;
    lifecycleTopic = "lifecycle-" + run;
    group = "mediakeep-" + run;
    EmbeddedKafka.createTopics(
        stack.kafkaBootstrap(),
        PARTITIONS,
        inputTopic,
        storedTopic,
        rejectedTopic,
        commandsTopic,
        lifecycleTopic);
    source = new SourceServer();
    env = new HashMap<>(stack.workerEnv());
    env.put("MEDIAKEEP_TOPIC_INPUT", inputTopic);
    env.put("MEDIAKEEP_TOPIC_STORED", storedTopic);
    env.put("MEDIAKEEP_TOPIC_REJECTED", rejectedTopic);
    env.put("MEDIAKEEP_COMMANDS_TOPIC", commandsTopic);
    env.put("MEDIAKEEP_LIFECYCLE_TOPIC", lifecycleTopic);
    // Sweeps run when a test says so; a test that wants the worker's own sweep sets an interval.
    env.put("MEDIAKEEP_SWEEP_INTERVAL", "0");
    env.put("MEDIAKEEP_KAFKA_GROUP", group);
    env.put("MEDIAKEEP_HTTP_PORT", "0");
    env.put("MEDIAKEEP_FETCH_SCHEMES", "https,http");
    env.put("MEDIAKEEP_FETCH_ALLOW", source.allowEntry());
    env.put("MEDIAKEEP_RETRY_INITIAL_BACKOFF", "50ms");
    env.put("MEDIAKEEP_RETRY_MAX_BACKOFF", "200ms");
    env.put("MEDIAKEEP_COMMIT_INTERVAL", "200ms");
    env.putAll(overrides);
    producer = producer();
    outputs = outputsConsumer();
  }

  Pipeline startWorker() throws Exception {
    worker = Worker.start(WorkerConfig.fromEnv(env));
    return this;
  }

  /** Starts the worker with a resolver of its own, such as one that maps names to loopback. */
  Pipeline startWorker(HostResolver resolver) throws Exception {
    worker = Worker.start(WorkerConfig.fromEnv(env), resolver);
    return this;
  }

  /** The value of one of the worker's gauges. */
  double gauge(String name) {
    return worker.registry().get(name).gauge().value();
  }

  /**
   * Waits for a gauge to reach {@code expected} and returns its last value. A task's result is
   * published before its slot is released, so a reader of the result can see the slot for a moment
   * longer.
   */
  double awaitGauge(String name, double expected, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    double value = gauge(name);
    while (value != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      value = gauge(name);
    }
    return value;
  }

  Worker worker() {
    return worker;
  }

  /** The worker's environment, for commands that should see what it sees. */
  Map<String, String> env() {
    return Map.copyOf(env);
  }

  void publish(MediaGenerated data, MediaKind kind) {
    publish(UUID.randomUUID().toString(), data, kind);
  }

  Future<RecordMetadata> publish(String id, MediaGenerated data, MediaKind kind) {
    return publish(id, data, kind, Instant.now());
  }

  /** Publishes an event produced at {@code time} (its ce_time). */
  Future<RecordMetadata> publish(String id, MediaGenerated data, MediaKind kind, Instant time) {
    return publish(id, data, kind, time, Map.of());
  }

  /** Publishes an event with headers besides its envelope's, such as a traceparent. */
  Future<RecordMetadata> publish(
      String id, MediaGenerated data, MediaKind kind, Instant time, Map<String, String> extra) {
    KafkaMessage message = codec.encodeGenerated(id, "/test", kind, data, time);
    RecordHeaders headers = new RecordHeaders();
    message.headers().forEach(headers::add);
    extra.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
    return send(message.key(), headers, message.value());
  }

  Future<RecordMetadata> send(String key, RecordHeaders headers, byte[] value) {
    return producer.send(
        new ProducerRecord<>(
            inputTopic, null, key.getBytes(StandardCharsets.UTF_8), value, headers));
  }

  /** Publishes a command as an app would; returns its ce_id. */
  String command(AssetCommand command) {
    return command(command, Map.of());
  }

  /** Publishes a command with headers besides its envelope's; returns its ce_id. */
  String command(AssetCommand command, Map<String, String> extra) {
    String id = UUID.randomUUID().toString();
    KafkaMessage message = codec.encodeCommand(id, "/test", command, Instant.now());
    RecordHeaders headers = new RecordHeaders();
    message.headers().forEach(headers::add);
    extra.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
    producer.send(
        new ProducerRecord<>(
            commandsTopic,
            null,
            message.key().getBytes(StandardCharsets.UTF_8),
            message.value(),
            headers));
    producer.flush();
    return id;
  }

  void flush() {
    producer.flush();
  }

  /** An output event: exactly one of stored, rejected and lifecycle is set. */
  record Output(
      AssetStored stored,
      AssetRejected rejected,
      LifecycleEvent lifecycle,
      Map<String, String> headers) {

    Output(AssetStored stored, AssetRejected rejected, LifecycleEvent lifecycle) {
      this(stored, rejected, lifecycle, Map.of());
    }

    /** The rejection or lifecycle event answering the command with this ce_id. */
    boolean answers(String commandId) {
      String causation =
          rejected != null
              ? rejected.causationId()
              : switch (lifecycle) {
                case null -> null;
                case AssetPromoted p -> p.causationId();
                case AssetDeleted d -> d.causationId();
                case AssetLost l -> null;
                case OwnerPurged p -> p.causationId();
                case AssetExpired e -> null;
              };
      return commandId.equals(causation);
    }
  }

  /**
   * Collects outputs until {@code count} of them satisfy {@code wanted}, or fails after a while.
   * Outputs that do not match are kept for later calls, since events finish in any order.
   */
  List<Output> await(int count, Predicate<Output> wanted, Duration timeout) {
    List<Output> matched = new ArrayList<>();
    claim(unclaimed, wanted, count, matched);
    Instant deadline = Instant.now().plus(timeout);
    while (matched.size() < count && Instant.now().isBefore(deadline)) {
      List<Output> polled = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : outputs.poll(Duration.ofMillis(200))) {
        polled.add(decode(record));
      }
      claim(polled, wanted, count, matched);
      unclaimed.addAll(polled);
    }
    assertThat(matched).as("outputs received within %s", timeout).hasSize(count);
    return matched;
  }

  private static void claim(
      List<Output> from, Predicate<Output> wanted, int count, List<Output> matched) {
    var it = from.iterator();
    while (it.hasNext() && matched.size() < count) {
      Output output = it.next();
      if (wanted.test(output)) {
        matched.add(output);
        it.remove();
      }
    }
  }

  /** Everything not yet claimed plus whatever arrives within {@code quiet}. */
  List<Output> drain(Duration quiet) {
    List<Output> extra = new ArrayList<>(unclaimed);
    unclaimed.clear();
    Instant deadline = Instant.now().plus(quiet);
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<byte[], byte[]> record : outputs.poll(Duration.ofMillis(200))) {
        extra.add(decode(record));
      }
    }
    return extra;
  }

  private Output decode(ConsumerRecord<byte[], byte[]> record) {
    Map<String, byte[]> headers = new HashMap<>();
    Map<String, String> text = new HashMap<>();
    for (Header h : record.headers()) {
      headers.put(h.key(), h.value());
      text.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    try {
      if (record.topic().equals(storedTopic)) {
        return new Output(codec.decodeStored(headers, record.value()), null, null, text);
      }
      if (record.topic().equals(lifecycleTopic)) {
        return new Output(null, null, codec.decodeLifecycle(headers, record.value()), text);
      }
      return new Output(null, codec.decodeRejected(headers, record.value()), null, text);
    } catch (InvalidEventException e) {
      throw new AssertionError("worker published an event its own schema rejects", e);
    }
  }

  /** Committed offsets of the worker's group, per input partition. */
  Map<TopicPartition, Long> committedOffsets() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      committed.forEach((tp, o) -> result.put(tp, o == null ? -1 : o.offset()));
      return result;
    }
  }

  /** Latest offsets of the input partitions. */
  Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        request.put(new TopicPartition(inputTopic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> result = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach((tp, info) -> result.put(tp, info.offset()));
      return result;
    }
  }

  /** Waits until the group has committed every input partition up to its end. */
  void awaitCommittedToEnd() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Map<TopicPartition, Long> committed = committedOffsets();
      boolean done = true;
      for (var end : endOffsets().entrySet()) {
        if (end.getValue() > 0 && committed.getOrDefault(end.getKey(), -1L) < end.getValue()) {
          done = false;
        }
      }
      if (done) {
        return;
      }
      assertThat(System.nanoTime())
          .as("offsets committed to the end; committed %s", committed)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  Connection db() throws SQLException {
    return DriverManager.getConnection(stack.jdbcUrl(), "mediakeep", "mediakeep");
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()));
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config);
  }

  private KafkaConsumer<byte[], byte[]> outputsConsumer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : Set.of(storedTopic, rejectedTopic, lifecycleTopic)) {
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
    outputs.close();
    producer.close();
    source.close();
  }
}
