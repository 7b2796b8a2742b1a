package io.mediakeep.worker.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How mediakeep talks to Kafka, and the client configurations that follow from it.
 *
 * <p>{@code instanceId}, when set, makes the worker a static group member (KIP-345): a restarted
 * process with the same id takes its partitions back at once, without a rebalance, and the group
 * waits up to {@code sessionTimeout} for it instead of reassigning its partitions.
 */
public record KafkaSettings(
    String bootstrap,
    String groupId,
    String clientId,
    String inputTopic,
    String storedTopic,
    String rejectedTopic,
    String commandsTopic,
    String lifecycleTopic,
    String instanceId,
    Duration sessionTimeout,
    Duration maxPollInterval,
    GroupProtocol groupProtocol) {

  /**
   * How the consumer group assigns partitions. {@code CLASSIC}: the client-side cooperative-sticky
   * assignor and {@code sessionTimeout}. {@code CONSUMER} (KIP-848): the broker assigns, member by
   * member, and owns the session timeout ({@code group.consumer.session.timeout.ms}, or the group's
   * {@code consumer.session.timeout.ms}); the client sends neither.
   */
  public enum GroupProtocol {
    CLASSIC,
    CONSUMER;

    String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Map<String, Object> consumerConfig(int maxPollRecords) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol.configValue());
    if (groupProtocol == GroupProtocol.CLASSIC) {
      config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
      config.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
          (int) Math.min(3000, sessionTimeout.toMillis() / 3));
      config.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
    if (instanceId != null) {
      config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    }
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  public Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }
}
