package io.mediakeep.worker.kafka;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import io.mediakeep.contracts.AssetRejected;
import io.mediakeep.contracts.CloudEventHeaders;
import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.GeneratedEvent;
import io.mediakeep.contracts.InvalidEventException;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.AssetProcessor;
import io.mediakeep.worker.core.AssetStoredEvents;
import io.mediakeep.worker.core.CircuitBreakers;
import io.mediakeep.worker.core.CrashPoint;
import io.mediakeep.worker.core.FailureClassifier;
import io.mediakeep.worker.core.Outcome;
import io.mediakeep.worker.core.RejectionLog;
import io.mediakeep.worker.core.StoredAsset;
import io.mediakeep.worker.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one input record into durable effects: decode, run the core, then record and publish the
 * outcome. Dependencies that are down are waited for with growing pauses (the record stays
 * uncommitted and the in-flight budget fills, which pauses consumption); nothing is rejected
 * because the database, S3 or Kafka is down.
 */
public final class RecordHandler implements RecordProcessor {

  private static final Logger log = LoggerFactory.getLogger(RecordHandler.class);
  private static final NameBasedGenerator REJECTION_IDS =
      Generators.nameBasedGenerator(UUID.fromString("0c6f3bde-5a61-4d0c-8f4e-2b9a7e1d4c02"));
  private static final int UNEXPECTED_FAILURE_LIMIT = 5;

  /**
   * Raw bytes carried in an asset-rejected event, so that it stays under Kafka's default 1 MB
   * message limit (base64 grows them by a third); the rejection row keeps all of them.
   */
  static final int MAX_RAW_DATA_BYTES = 256 * 1024;

  /**
   * Pauses between attempts while a dependency is down, and how long an event waits for its source
   * host to come back before it is rejected (the provider URL expires; S3, the database and Kafka
   * are waited for without limit).
   */
  public record Waits(Duration initial, Duration max, Duration sourceOutageLimit) {}

  private final EventCodec codec;
  private final AssetProcessor processor;
  private final RejectionLog rejections;
  private final EventPublisher publisher;
  private final KafkaSettings kafka;
  private final Metrics metrics;
  private final Clock clock;
  private final Waits waits;
  private final String source;

  public RecordHandler(
      EventCodec codec,
      AssetProcessor processor,
      RejectionLog rejections,
      EventPublisher publisher,
      KafkaSettings kafka,
      Metrics metrics,
      Clock clock,
      Waits waits) {
    this.codec = codec;
    this.processor = processor;
    this.rejections = rejections;
    this.publisher = publisher;
    this.kafka = kafka;
    this.metrics = metrics;
    this.clock = clock;
    this.waits = waits;
    this.source = "/mediakeep/" + kafka.groupId();
  }

  @Override
  public boolean process(ConsumerRecord<byte[], byte[]> record, Cancellation cancellation) {
    Map<String, byte[]> headers = headers(record);
    GeneratedEvent event;
    try {
      String repeated = repeatedEnvelopeHeader(record);
      if (repeated != null) {
        throw new InvalidEventException(
            "header " + repeated + " appears more than once; which one is meant is unknown");
      }
      event = codec.decodeGenerated(headers, record.value());
    } catch (InvalidEventException e) {
      return reject(
          record, headers, null, RejectReason.INVALID_EVENT, e.getMessage(), 0, cancellation);
    }
    long wait = waits.initial().toMillis();
    int unexpected = 0;
    Instant sourceDownSince = null;
    while (!cancellation.cancelled()) {
      Outcome outcome;
      try {
        outcome = processor.process(event);
      } catch (RuntimeException e) {
        unexpected++;
        log.error("unexpected failure processing {}", describe(record), e);
        if (unexpected >= UNEXPECTED_FAILURE_LIMIT) {
          outcome =
              new Outcome.Rejected(
                  RejectReason.RETRIES_EXHAUSTED, FailureClassifier.describe(e), unexpected);
        } else {
          outcome = new Outcome.RetryLater("worker", e);
        }
      }
      switch (outcome) {
        case Outcome.Stored stored -> {
          metrics.bytesStored(stored.asset().sizeBytes());
          return publishStored(record, event, stored.asset(), "stored", cancellation);
        }
        case Outcome.AlreadyStored already -> {
          return publishStored(record, event, already.asset(), "already_stored", cancellation);
        }
        case Outcome.Rejected rejected -> {
          return reject(
              record,
              headers,
              event,
              rejected.reason(),
              rejected.detail(),
              rejected.attempts(),
              cancellation);
        }
        case Outcome.RetryLater later -> {
          if (later.dependency().equals("source")) {
            Instant now = clock.instant();
            sourceDownSince = sourceDownSince == null ? now : sourceDownSince;
            if (Duration.between(sourceDownSince, now).compareTo(waits.sourceOutageLimit()) >= 0) {
              return reject(
                  record,
                  headers,
                  event,
                  RejectReason.RETRIES_EXHAUSTED,
                  "source host unavailable for "
                      + waits.sourceOutageLimit()
                      + " (circuit open): "
                      + FailureClassifier.describe(later.cause()),
                  0,
                  cancellation);
            }
          }
          metrics.infrastructureWait(later.dependency());
          // Refusals by an open circuit repeat every half second per waiting event; the failures
          // that opened the circuit were logged already.
          String message = "{} is unavailable ({}); {} waits {} ms";
          String cause = FailureClassifier.describe(later.cause());
          if (CircuitBreakers.refused(later.cause())) {
            log.debug(message, later.dependency(), cause, describe(record), wait);
          } else {
            log.warn(message, later.dependency(), cause, describe(record), wait);
          }
          if (!cancellation.pause(wait)) {
            return false;
          }
          // A refusal by an open circuit costs nothing, so ask again soon: the event then moves
          // as soon as the circuit lets calls through, not after a grown backoff.
          wait =
              CircuitBreakers.refused(later.cause())
                  ? waits.initial().toMillis()
                  : Math.min(wait * 2, waits.max().toMillis());
        }
      }
    }
    return false;
  }

  private boolean publishStored(
      ConsumerRecord<byte[], byte[]> record,
      GeneratedEvent event,
      StoredAsset asset,
      String outcome,
      Cancellation cancellation) {
    KafkaMessage message =
        codec.encodeStored(AssetStoredEvents.of(asset, event.envelope().id()), source);
    if (!publishDurably(kafka.storedTopic(), message, cancellation)) {
      return false;
    }
    CrashPoint.AFTER_PUBLISH.reached();
    finished(record, outcome, null, event.kind());
    return true;
  }

  private boolean reject(
      ConsumerRecord<byte[], byte[]> record,
      Map<String, byte[]> headers,
      GeneratedEvent event,
      RejectReason reason,
      String detail,
      int attempts,
      Cancellation cancellation) {
    Map<String, String> rawHeaders = new LinkedHashMap<>();
    headers.forEach((k, v) -> rawHeaders.put(k, new String(v, StandardCharsets.UTF_8)));
    String position = record.topic() + "/" + record.partition() + "/" + record.offset();
    byte[] ceId = headers.get("ce_id");
    byte[] ceType = headers.get("ce_type");
    AssetRejected rejection =
        new AssetRejected(
            REJECTION_IDS.generate("asset-rejected:" + position),
            event != null
                ? event.envelope().id()
                : ceId == null ? null : new String(ceId, StandardCharsets.UTF_8),
            reason,
            event == null ? detail + truncation(record.value()) : detail,
            attempts,
            record.topic(),
            record.partition(),
            record.offset(),
            ceType == null ? null : new String(ceType, StandardCharsets.UTF_8),
            event == null ? null : event.data(),
            event == null ? rawData(record.value()) : null,
            rawHeaders,
            clock.instant());
    log.info("rejected {}: {} {}", describe(record), reason, detail);
    long wait = waits.initial().toMillis();
    while (true) {
      try {
        rejections.record(rejection, record.key(), record.value());
        break;
      } catch (RuntimeException e) {
        metrics.infrastructureWait("postgres");
        log.warn("could not record rejection of {}: {}", describe(record), e.toString());
        if (!cancellation.pause(wait)) {
          return false;
        }
        wait = Math.min(wait * 2, waits.max().toMillis());
      }
    }
    if (!publishDurably(
        kafka.rejectedTopic(), codec.encodeRejected(rejection, source), cancellation)) {
      return false;
    }
    CrashPoint.AFTER_PUBLISH.reached();
    finished(record, "rejected", reason, event == null ? null : event.kind());
    return true;
  }

  private boolean publishDurably(String topic, KafkaMessage message, Cancellation cancellation) {
    long wait = waits.initial().toMillis();
    while (!cancellation.cancelled()) {
      Instant start = clock.instant();
      try {
        publisher.send(topic, message).get(60, TimeUnit.SECONDS);
        metrics.published(Duration.between(start, clock.instant()));
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        metrics.infrastructureWait("kafka");
        log.warn("publishing to {} failed, retrying in {} ms: {}", topic, wait, e.toString());
        if (!cancellation.pause(wait)) {
          return false;
        }
        wait = Math.min(wait * 2, waits.max().toMillis());
      }
    }
    return false;
  }

  private void finished(
      ConsumerRecord<byte[], byte[]> record, String outcome, RejectReason reason, MediaKind kind) {
    metrics.outcome(outcome, reason, kind);
    metrics.endToEnd(Duration.between(Instant.ofEpochMilli(record.timestamp()), clock.instant()));
  }

  private static String rawData(byte[] value) {
    if (value == null) {
      return null;
    }
    int length = Math.min(value.length, MAX_RAW_DATA_BYTES);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(value, length));
  }

  private static String truncation(byte[] value) {
    return value == null || value.length <= MAX_RAW_DATA_BYTES
        ? ""
        : " (rawData holds the first " + MAX_RAW_DATA_BYTES + " of " + value.length + " bytes)";
  }

  /**
   * The first CloudEvents or content-type header that a record carries twice, or null. A map of
   * headers keeps only one of them, so such a record is refused instead of read by whichever came
   * last.
   */
  private static String repeatedEnvelopeHeader(ConsumerRecord<byte[], byte[]> record) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Header header : record.headers()) {
      String name = header.key();
      boolean envelope =
          name.startsWith("ce_") || name.equalsIgnoreCase(CloudEventHeaders.CONTENT_TYPE);
      if (envelope && !seen.add(name.toLowerCase(java.util.Locale.ROOT))) {
        return name;
      }
    }
    return null;
  }

  private static Map<String, byte[]> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value() == null ? new byte[0] : header.value());
    }
    return headers;
  }

  private static String describe(ConsumerRecord<byte[], byte[]> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
