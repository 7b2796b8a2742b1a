package io.mediakeep.worker.kafka;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Hands each record to the processor of the topic it came from. */
public final class TopicRouter implements RecordProcessor {

  private final Map<String, RecordProcessor> byTopic;

  public TopicRouter(Map<String, RecordProcessor> byTopic) {
    this.byTopic = Map.copyOf(byTopic);
  }

  @Override
  public boolean process(ConsumerRecord<byte[], byte[]> record, Cancellation cancellation) {
    RecordProcessor processor = byTopic.get(record.topic());
    if (processor == null) {
      throw new IllegalStateException("no processor for topic " + record.topic());
    }
    return processor.process(record, cancellation);
  }
}
