package io.mediakeep.worker.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer group's lag as the broker sees it, the way KEDA's Kafka scaler and kafka-exporter
 * read it: per topic, the sum over partitions of the log end offset minus the group's committed
 * offset (the log start where the group has committed nothing). Unlike the consumer's own {@code
 * records_lag_max}, it does not go blank when every partition is paused or the poll thread is
 * stuck, which is exactly when it matters. Exported as {@code mediakeep_consumer_group_lag{topic}},
 * NaN until the first reading and while the broker does not answer.
 */
public final class GroupLag implements AutoCloseable {

  public static final String METRIC = "mediakeep.consumer.group.lag";

  private static final Logger log = LoggerFactory.getLogger(GroupLag.class);

  private final Admin admin;
  private final String group;
  private final List<String> topics;
  private final Map<String, AtomicReference<Double>> lags = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("mediakeep-group-lag").daemon().unstarted(r));

  public GroupLag(Admin admin, String group, List<String> topics, MeterRegistry registry) {
    this.admin = admin;
    this.group = group;
    this.topics = List.copyOf(topics);
    for (String topic : topics) {
      AtomicReference<Double> lag = new AtomicReference<>(Double.NaN);
      lags.put(topic, lag);
      Gauge.builder(METRIC, lag, AtomicReference::get)
          .description(
              "Records of the topic not yet committed by the consumer group, as the broker sees"
                  + " it (log end minus committed offset, summed over partitions)")
          .tag("topic", topic)
          .register(registry);
    }
  }

  public GroupLag start(Duration every) {
    timer.scheduleWithFixedDelay(this::read, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reads the group's committed offsets and the topics' start and end offsets once. */
  public void read() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      described.forEach(
          (topic, description) ->
              description
                  .partitions()
                  .forEach(
                      p -> {
                        TopicPartition tp = new TopicPartition(topic, p.partition());
                        latest.put(tp, OffsetSpec.latest());
                        earliest.put(tp, OffsetSpec.earliest());
                      }));
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, ListOffsetsResultInfo> starts =
          admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
      Map<String, Long> sums = new HashMap<>();
      ends.forEach(
          (tp, end) -> {
            OffsetAndMetadata at = committed.get(tp);
            long from = at != null ? at.offset() : starts.get(tp).offset();
            sums.merge(tp.topic(), Math.max(0, end.offset() - from), Long::sum);
          });
      lags.forEach((topic, lag) -> lag.set(sums.getOrDefault(topic, 0L).doubleValue()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      lags.values().forEach(lag -> lag.set(Double.NaN));
      log.debug("could not read the consumer group's lag: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
