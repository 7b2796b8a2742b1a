package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.CloudEvent;
import io.mediakeep.contracts.CloudEventHeaders;
import io.mediakeep.contracts.InvalidEventException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The headers of an input record, as the codec reads them. */
final class Headers {

  private Headers() {}

  /**
   * The record's headers by name. A CloudEvents or content-type header given twice is refused: a
   * map keeps only one of them, and which one the producer meant is unknown.
   */
  static Map<String, byte[]> unique(ConsumerRecord<byte[], byte[]> record)
      throws InvalidEventException {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (Header header : record.headers()) {
      String name = header.key();
      boolean envelope =
          name.startsWith("ce_") || name.equalsIgnoreCase(CloudEventHeaders.CONTENT_TYPE);
      if (envelope && !seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new InvalidEventException(
            "header " + name + " appears more than once; which one is meant is unknown");
      }
      headers.put(name, header.value() == null ? new byte[0] : header.value());
    }
    return headers;
  }

  /** When the event was produced: its ce_time when it has one, else its record's timestamp. */
  static Instant producedAt(CloudEvent envelope, ConsumerRecord<byte[], byte[]> record) {
    return envelope.time() != null ? envelope.time() : Instant.ofEpochMilli(record.timestamp());
  }
}
