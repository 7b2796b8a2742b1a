package io.mediakeep.worker.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

/**
 * The fields every log line about one event carries (the MDC): where the record lies ({@code
 * topic}, {@code partition}, {@code offset}), its {@code eventId} (the ce_id header), and once
 * known its {@code projectId}, {@code sceneId} and {@code assetId}. The JSON log format writes them
 * as fields of their own, so a log search finds every line of one event by any of them.
 */
public final class LogFields implements AutoCloseable {

  public static final String TOPIC = "topic";
  public static final String PARTITION = "partition";
  public static final String OFFSET = "offset";
  public static final String EVENT_ID = "eventId";
  public static final String PROJECT_ID = "projectId";
  public static final String SCENE_ID = "sceneId";
  public static final String ASSET_ID = "assetId";

  private static final List<String> ALL =
      List.of(TOPIC, PARTITION, OFFSET, EVENT_ID, PROJECT_ID, SCENE_ID, ASSET_ID);

  private LogFields() {}

  /** Sets the record's fields on this thread until {@link #close()}. */
  public static LogFields of(ConsumerRecord<byte[], byte[]> record) {
    MDC.put(TOPIC, record.topic());
    MDC.put(PARTITION, Integer.toString(record.partition()));
    MDC.put(OFFSET, Long.toString(record.offset()));
    String id = Headers.text(record, "ce_id");
    if (id != null) {
      MDC.put(EVENT_ID, id);
    }
    return new LogFields();
  }

  /** Adds a field once it is known (a null value leaves it out). */
  public static void put(String field, Object value) {
    if (value != null) {
      MDC.put(field, value.toString());
    }
  }

  @Override
  public void close() {
    ALL.forEach(MDC::remove);
  }
}
