package io.mediakeep.worker.kafka;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.contracts.RejectedInput;
import io.mediakeep.worker.core.CrashPoint;
import io.mediakeep.worker.core.Dependency;
import io.mediakeep.worker.core.RejectionLog;
import io.mediakeep.worker.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up on a record, whatever topic it came from: keeps the rejection with the record's raw
 * bytes (for ops and replay), then publishes the asset-rejected event. The database and Kafka are
 * waited for; the rejection id derives from the record's position, so a redelivered rejection is
 * the same event.
 */
public final class Rejecter {

  private static final Logger log = LoggerFactory.getLogger(Rejecter.class);
  private static final NameBasedGenerator REJECTION_IDS =
      Generators.nameBasedGenerator(UUID.fromString("0c6f3bde-5a61-4d0c-8f4e-2b9a7e1d4c02"));

  /**
   * Raw bytes carried in an asset-rejected event, so that it stays under Kafka's default 1 MB
   * message limit (base64 grows them by a third); the rejection row keeps all of them.
   */
  static final int MAX_RAW_DATA_BYTES = 256 * 1024;

  private final EventCodec codec;
  private final RejectionLog rejections;
  private final DurablePublisher publisher;
  private final String topic;
  private final String source;
  private final Metrics metrics;
  private final Clock clock;
  private final DependencyWaits waits;

  public Rejecter(
      EventCodec codec,
      RejectionLog rejections,
      DurablePublisher publisher,
      String rejectedTopic,
      String source,
      Metrics metrics,
      Clock clock,
      DependencyWaits waits) {
    this.codec = codec;
    this.rejections = rejections;
    this.publisher = publisher;
    this.topic = rejectedTopic;
    this.source = source;
    this.metrics = metrics;
    this.clock = clock;
    this.waits = waits;
  }

  /**
   * Rejects the record; {@code input} and {@code causationId} are those of its decoded data, or
   * null when it could not be decoded. True once the rejection is kept and published.
   */
  public boolean reject(
      ConsumerRecord<byte[], byte[]> record,
      String causationId,
      RejectedInput input,
      RejectReason reason,
      String detail,
      int attempts,
      Cancellation cancellation) {
    Map<String, String> rawHeaders = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      rawHeaders.put(
          header.key(),
          header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    String position = record.topic() + "/" + record.partition() + "/" + record.offset();
    AssetRejected rejection =
        new AssetRejected(
            REJECTION_IDS.generate("asset-rejected:" + position),
            input != null ? causationId : rawHeaders.get("ce_id"),
            reason,
            input == null ? detail + truncation(record.value()) : detail,
            attempts,
            record.topic(),
            record.partition(),
            record.offset(),
            rawHeaders.get("ce_type"),
            input,
            input == null ? rawData(record.value()) : null,
            rawHeaders,
            clock.instant());
    log.info("rejected {}: {} {}", describe(record), reason, detail);
    DependencyWaits.Sequence pauses = waits.begin();
    while (true) {
      try {
        rejections.record(rejection, record.key(), record.value());
        break;
      } catch (RuntimeException e) {
        String what = "the rejection of " + describe(record);
        if (!pauses.pause(Dependency.POSTGRES, e, what, cancellation)) {
          return false;
        }
      }
    }
    KafkaMessage message = Traces.carry(record, codec.encodeRejected(rejection, source));
    if (!publisher.publish(topic, message, cancellation)) {
      return false;
    }
    CrashPoint.AFTER_PUBLISH.reached();
    return true;
  }

  static String describe(ConsumerRecord<byte[], byte[]> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static String rawData(byte[] value) {
    if (value == null) {
      return null;
    }
    int length = Math.min(value.length, MAX_RAW_DATA_BYTES);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(value, length));
  }

  private static String truncation(byte[] value) {
    return value == null || value.length <= MAX_RAW_DATA_BYTES
        ? ""
        : " (rawData holds the first " + MAX_RAW_DATA_BYTES + " of " + value.length + " bytes)";
  }
}
