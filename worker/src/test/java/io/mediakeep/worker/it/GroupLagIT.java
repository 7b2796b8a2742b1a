package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.worker.kafka.GroupLag;
import io.mediakeep.worker.local.LocalStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The group's lag as the broker reports it, on a real broker, with no consumer running at all. */
class GroupLagIT {

  @Test
  void lagIsLogEndMinusCommittedPerTopicAndNaNBeforeTheFirstReading() throws Exception {
    LocalStack stack = SharedStack.get();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String input = "lag-in-" + run;
    String commands = "lag-commands-" + run;
    String group = "lag-group-" + run;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      admin
          .createTopics(
              List.of(new NewTopic(input, 2, (short) 1), new NewTopic(commands, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                  ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                  ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(input, 0, null, new byte[] {1}));
          producer.send(new ProducerRecord<>(input, 1, null, new byte[] {1}));
        }
        for (int i = 0; i < 3; i++) {
          producer.send(new ProducerRecord<>(commands, 0, null, new byte[] {1}));
        }
        producer.flush();
      }
      // The group committed 7 of partition 0 and nothing of partition 1 or of the commands.
      admin
          .alterConsumerGroupOffsets(
              group, Map.of(new TopicPartition(input, 0), new OffsetAndMetadata(7)))
          .all()
          .get(30, TimeUnit.SECONDS);

      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (GroupLag lag = new GroupLag(admin, group, List.of(input, commands), registry)) {
        assertThat(gauge(registry, input)).as("before the first reading").isNaN();
        lag.read();
        assertThat(gauge(registry, input)).as("3 behind on p0, 10 on p1").isEqualTo(13.0);
        assertThat(gauge(registry, commands)).isEqualTo(3.0);
      }
    }
  }

  private static double gauge(SimpleMeterRegistry registry, String topic) {
    return registry.get(GroupLag.METRIC).tag("topic", topic).gauge().value();
  }
}
