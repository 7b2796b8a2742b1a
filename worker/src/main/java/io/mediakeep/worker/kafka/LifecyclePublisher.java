package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.LifecycleEvent;
import io.mediakeep.worker.core.LifecycleSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes lifecycle events to the lifecycle topic, all at once, and waits for every ack. */
public final class LifecyclePublisher implements LifecycleSink {

  private final EventPublisher publisher;
  private final EventCodec codec;
  private final String topic;
  private final String source;

  public LifecyclePublisher(EventPublisher publisher, EventCodec codec, KafkaSettings kafka) {
    this.publisher = publisher;
    this.codec = codec;
    this.topic = kafka.lifecycleTopic();
    this.source = "/mediakeep/" + kafka.groupId();
  }

  @Override
  public void publish(List<LifecycleEvent> events) throws Exception {
    List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(events.size());
    for (LifecycleEvent event : events) {
      acks.add(publisher.send(topic, codec.encodeLifecycle(event, source)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }
}
