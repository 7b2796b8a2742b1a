package io.mediakeep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, publishing at full speed or at a rate, and timing what comes out. */
final class Traffic implements AutoCloseable {

  private final String bootstrap;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;

  Traffic(String bootstrap) {
    this.bootstrap = bootstrap;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                5));
  }

  void createTopics(int partitions, String... topics) throws Exception {
    List<NewTopic> fresh = new ArrayList<>();
    for (String topic : topics) {
      fresh.add(new NewTopic(topic, partitions, (short) 1));
    }
    admin.createTopics(fresh).all().get(30, TimeUnit.SECONDS);
  }

  /** Waits until the group is stable with every partition of the topic assigned. */
  void awaitAssigned(String group, int partitions, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerGroupDescription description;
      try {
        description =
            admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          Thread.sleep(100); // the arm has not joined yet
          continue;
        }
        throw e;
      }
      int assigned =
          description.members().stream()
              .map(MemberDescription::assignment)
              .mapToInt(a -> a.topicPartitions().size())
              .sum();
      if (description.groupState() == GroupState.STABLE && assigned >= partitions) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("group " + group + " did not take its partitions in time");
  }

  /**
   * Publishes the events, as fast as the producer can when {@code perSecond} is 0, else paced;
   * returns when each was handed to the producer, by key, in nanoTime.
   */
  Map<String, Long> publish(String topic, List<Workload.Event> events, double perSecond) {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < events.size(); i++) {
      if (perSecond > 0) {
        long due = start + (long) (i * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
      }
      Workload.Event event = events.get(i);
      RecordHeaders headers = new RecordHeaders();
      event.message().headers().forEach(headers::add);
      sent.put(event.key(), System.nanoTime());
      producer.send(
          new ProducerRecord<>(
              topic,
              null,
              event.message().key().getBytes(StandardCharsets.UTF_8),
              event.message().value(),
              headers));
    }
    producer.flush();
    return sent;
  }

  /**
   * Reads a topic from where it ends now and notes when each key first appears, in nanoTime: an
   * arm's process serves several runs on the same topics, and each run counts only its own outputs.
   */
  final class Outputs implements AutoCloseable {
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Map<String, Long> rejected = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;
    private final ObjectMapper json = new ObjectMapper();

    Outputs(String topic, String rejectedTopic) {
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                  ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                  ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
      List<TopicPartition> partitions = new ArrayList<>();
      for (String t : rejectedTopic == null ? List.of(topic) : List.of(topic, rejectedTopic)) {
        consumer.partitionsFor(t).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .forEach(partitions::add);
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the ends now, before anything is published
      reader =
          Thread.ofPlatform()
              .name("outputs-" + topic)
              .start(
                  () -> {
                    try (consumer) {
                      while (running.get()) {
                        for (ConsumerRecord<byte[], byte[]> r :
                            consumer.poll(Duration.ofMillis(50))) {
                          long now = System.nanoTime();
                          (r.topic().equals(topic) ? seen : rejected)
                              .putIfAbsent(key(r.value()), now);
                        }
                      }
                    }
                  });
    }

    private String key(byte[] value) {
      try {
        JsonNode node = json.readTree(value);
        JsonNode data = node.has("data") ? node.get("data") : node;
        return Workload.key(
            data.path("projectId").asText(),
            data.path("sceneId").asText(),
            data.path("version").asInt());
      } catch (IOException e) {
        return "unreadable:" + e.getMessage();
      }
    }

    int count() {
      return seen.size();
    }

    Map<String, Long> seen() {
      return Map.copyOf(seen);
    }

    /** Keys that came out rejected instead of stored. */
    Map<String, Long> rejected() {
      return Map.copyOf(rejected);
    }

    /**
     * Waits until {@code expected} distinct keys came out, stored or rejected, or the timeout;
     * returns how many were stored.
     */
    int await(int expected, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seen.size() + rejected.size() < expected && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return seen.size();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      reader.join();
    }
  }

  Outputs outputs(String topic) {
    return new Outputs(topic, null);
  }

  /** Also reads the topic of rejections, so that a rejected event ends the wait for it. */
  Outputs outputs(String topic, String rejectedTopic) {
    return new Outputs(topic, rejectedTopic);
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
  }
}
