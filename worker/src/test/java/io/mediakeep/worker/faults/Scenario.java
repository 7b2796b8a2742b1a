package io.mediakeep.worker.faults;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.MediaKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One fault scenario: its own topics and consumer group on the shared {@link FaultStack}, the
 * worker processes it starts, what it published, and the wait for quiescence (every input offset
 * committed by the group).
 */
final class Scenario implements AutoCloseable {

  static final int PARTITIONS = 4;

  final FaultStack stack = FaultStack.get();
  final String name;
  final String inputTopic;
  final String storedTopic;
  final String rejectedTopic;
  private String group;
  final Workload workload;
  final List<Oracle.Sent> sent = new ArrayList<>();
  private final List<WorkerProcess> workers = new ArrayList<>();
  private final EventCodec codec = new EventCodec();

  Scenario(String name, boolean createRejectedTopic) throws Exception {
    this.name = name;
    String run = name + "-" + UUID.randomUUID().toString().substring(0, 6);
    inputTopic = "in-" + run;
    storedTopic = "stored-" + run;
    rejectedTopic = "rejected-" + run;
    group = "mediakeep-" + run;
    workload = new Workload("http://127.0.0.1:" + stack.source.port(), 20);
    List<NewTopic> topics = new ArrayList<>();
    topics.add(new NewTopic(inputTopic, PARTITIONS, (short) 1));
    topics.add(new NewTopic(storedTopic, PARTITIONS, (short) 1));
    if (createRejectedTopic) {
      topics.add(new NewTopic(rejectedTopic, PARTITIONS, (short) 1));
    }
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
    }
  }

  /** A new topic's partitions need a leader before the first produce, or it is refused. */
  private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      boolean ready;
      try {
        ready =
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                .allMatch(
                    d ->
                        d.partitions().size() == PARTITIONS
                            && d.partitions().stream().allMatch(p -> p.leader() != null));
      } catch (ExecutionException e) {
        // Right after creation a loaded broker may not know its new topics yet.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        ready = false;
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics " + topics + " have no leaders after 60 s");
      }
      Thread.sleep(100);
    }
  }

  Scenario(String name) throws Exception {
    this(name, true);
  }

  String group() {
    return group;
  }

  /** Later workers and the quiescence wait use a new consumer group, which starts from offset 0. */
  void switchGroup(String suffix) {
    group = group + "-" + suffix;
  }

  void createRejectedTopic() throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(rejectedTopic, PARTITIONS, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
      awaitLeaders(admin, List.of(rejectedTopic));
    }
  }

  /** A worker of this scenario; a static member (fixed group.instance.id) when asked. */
  WorkerProcess worker(String workerName, boolean staticMember, Map<String, String> extra) {
    Map<String, String> env = stack.workerEnv();
    env.put("MEDIAKEEP_TOPIC_INPUT", inputTopic);
    env.put("MEDIAKEEP_TOPIC_STORED", storedTopic);
    env.put("MEDIAKEEP_TOPIC_REJECTED", rejectedTopic);
    env.put("MEDIAKEEP_KAFKA_GROUP", group);
    if (staticMember) {
      env.put("MEDIAKEEP_KAFKA_INSTANCE_ID", workerName);
    }
    env.putAll(extra);
    WorkerProcess worker = new WorkerProcess(workerName, env, stack.dir.resolve("logs/" + name));
    workers.add(worker);
    return worker;
  }

  WorkerProcess worker(String workerName) {
    return worker(workerName, true, Map.of());
  }

  /** Publishes inputs in order and remembers where each landed. */
  List<Oracle.Sent> publish(List<Workload.Input> inputs) throws Exception {
    List<Future<RecordMetadata>> futures = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (Workload.Input input : inputs) {
        byte[] key = input.key().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        byte[] value;
        if (input.data() == null) {
          value = input.raw();
        } else {
          KafkaMessage message =
              codec.encodeGenerated(
                  UUID.randomUUID().toString(),
                  "/harness",
                  MediaKind.IMAGE,
                  input.data(),
                  Instant.now());
          message.headers().forEach(headers::add);
          value = message.value();
        }
        futures.add(producer.send(new ProducerRecord<>(inputTopic, null, key, value, headers)));
      }
      producer.flush();
      List<Oracle.Sent> landed = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        RecordMetadata meta = futures.get(i).get(60, TimeUnit.SECONDS);
        landed.add(new Oracle.Sent(inputs.get(i), meta.partition(), meta.offset()));
      }
      sent.addAll(landed);
      return landed;
    }
  }

  /** Sum over partitions of the group's committed input offsets. */
  long committed() throws Exception {
    return committedOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  Map<TopicPartition, Long> committedOffsets() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach(
          (tp, o) -> {
            if (o != null && tp.topic().equals(inputTopic)) {
              result.put(tp, o.offset());
            }
          });
      return result;
    }
  }

  long endTotal() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        request.put(new TopicPartition(inputTopic, p), OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
          .mapToLong(o -> o.offset())
          .sum();
    }
  }

  /** Waits until the group has committed every input offset. */
  void awaitQuiescent(Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    long end = endTotal();
    long committed = -1;
    while (System.nanoTime() < deadline) {
      try {
        committed = committed();
      } catch (Exception e) {
        committed = -1; // broker restarting
      }
      if (committed == end) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        name + ": not quiescent after " + patience + ": committed " + committed + " of " + end);
  }

  /** Waits until the committed total passes {@code before}; returns how long that took. */
  Duration awaitProgress(long before, Duration patience) throws Exception {
    long start = System.nanoTime();
    long deadline = start + patience.toNanos();
    while (System.nanoTime() < deadline) {
      long now;
      try {
        now = committed();
      } catch (Exception e) {
        now = before;
      }
      if (now > before || now == endTotal()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + ": no progress within " + patience);
  }

  Verdict verdict() throws Exception {
    return stack
        .oracle()
        .judge(sent, workload.projects, workload.owners, inputTopic, storedTopic, rejectedTopic);
  }

  Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrap(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrap());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // Not idempotent: right after a broker restart an idempotent producer was seen resending
    // from sequence 0 and retrying OUT_OF_ORDER_SEQUENCE_NUMBER until it expired. One request in
    // flight keeps the order; a retried duplicate input is harmless (the oracle judges keys).
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(config);
  }

  @Override
  public void close() {
    for (WorkerProcess worker : workers) {
      if (worker.alive()) {
        worker.kill();
      }
    }
  }
}
