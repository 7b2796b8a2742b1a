package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.CloudEvent;
import io.mediakeep.contracts.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The headers of an input record, handed to the codec as they came. */
final class Headers {

  private Headers() {}

  /** The record's headers in order, repeats included: the codec enforces the envelope's rules. */
  static EventHeaders of(ConsumerRecord<byte[], byte[]> record) {
    EventHeaders.Builder headers = EventHeaders.builder();
    for (Header header : record.headers()) {
      headers.add(header.key(), header.value());
    }
    return headers.build();
  }

  /** The last value of the header {@code name} as UTF-8 text, or null without one. */
  static String text(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** When the event was produced: its ce_time when it has one, else its record's timestamp. */
  static Instant producedAt(CloudEvent envelope, ConsumerRecord<byte[], byte[]> record) {
    return envelope.time() != null ? envelope.time() : Instant.ofEpochMilli(record.timestamp());
  }
}
