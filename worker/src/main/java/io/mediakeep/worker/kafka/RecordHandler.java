package io.mediakeep.worker.kafka;

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
import io.mediakeep.worker.core.Dependency;
import io.mediakeep.worker.core.FailureClassifier;
import io.mediakeep.worker.core.Outcome;
import io.mediakeep.worker.core.SourceHost;
import io.mediakeep.worker.core.StoredAsset;
import io.mediakeep.worker.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one input record into durable effects: decode, take a place in the source host's share, run
 * the core, then record and publish the outcome. Dependencies that are down are waited for with
 * growing pauses (the record stays uncommitted); nothing is rejected because the database, S3 or
 * Kafka is down. A source host that is down is waited for up to the outage limit, without holding a
 * slot of the in-flight budget ({@link Waiting}).
 */
public final class RecordHandler implements RecordProcessor {

  private static final Logger log = LoggerFactory.getLogger(RecordHandler.class);
  private static final int UNEXPECTED_FAILURE_LIMIT = 5;

  private final EventCodec codec;
  private final AssetProcessor processor;
  private final Rejecter rejecter;
  private final DurablePublisher publisher;
  private final KafkaSettings kafka;
  private final Metrics metrics;
  private final Clock clock;
  private final DependencyWaits waits;
  private final CircuitBreakers breakers;
  private final HostShares shares;
  private final ExpiryHeadroom headroom;
  private final String source;

  public RecordHandler(
      EventCodec codec,
      AssetProcessor processor,
      Rejecter rejecter,
      DurablePublisher publisher,
      KafkaSettings kafka,
      Metrics metrics,
      Clock clock,
      DependencyWaits waits,
      CircuitBreakers breakers,
      HostShares shares) {
    this.breakers = breakers;
    this.shares = shares;
    this.codec = codec;
    this.processor = processor;
    this.rejecter = rejecter;
    this.publisher = publisher;
    this.kafka = kafka;
    this.metrics = metrics;
    this.clock = clock;
    this.waits = waits;
    this.source = "/mediakeep/" + kafka.groupId();
    this.headroom = new ExpiryHeadroom(clock);
    metrics.bindExpiryHeadroom(headroom::seconds);
  }

  @Override
  public boolean process(ConsumerRecord<byte[], byte[]> record, Cancellation cancellation) {
    GeneratedEvent event;
    try {
      event = codec.decodeGenerated(Headers.of(record), record.value());
    } catch (InvalidEventException e) {
      return reject(record, null, RejectReason.INVALID_EVENT, e.getMessage(), 0, cancellation);
    }
    LogFields.put(LogFields.PROJECT_ID, event.data().projectId());
    LogFields.put(LogFields.SCENE_ID, event.data().sceneId());
    Instant expiresAt = event.data().expiresAt();
    if (expiresAt != null) {
      headroom.enter(expiresAt);
    }
    try {
      String host = SourceHost.of(event.data().sourceUrl());
      if (!shares.enter(host, expiresAt, cancellation)) {
        return false;
      }
      try {
        if (expiresAt != null) {
          metrics.headroomAtDownload(headroom.secondsUntil(expiresAt));
        }
        return process(record, event, host, cancellation);
      } finally {
        shares.leave(host);
      }
    } finally {
      if (expiresAt != null) {
        headroom.leave(expiresAt);
      }
    }
  }

  private boolean process(
      ConsumerRecord<byte[], byte[]> record,
      GeneratedEvent event,
      String host,
      Cancellation cancellation) {
    Instant producedAt = Headers.producedAt(event.envelope(), record);
    DependencyWaits.Sequence pauses = waits.begin();
    int unexpected = 0;
    Instant sourceDownSince = null;
    while (!cancellation.cancelled()) {
      if (sourceDownSince != null && breakers.isOpen(breakers.source(host))) {
        // The host's circuit is open: a call now would only be refused.
        if (sourceOutageOver(host, sourceDownSince)) {
          return rejectForOutage(record, event, host, null, cancellation);
        }
        if (!pauses.pauseWhileOpen(Dependency.SOURCE, cancellation)) {
          return false;
        }
        continue;
      }
      Outcome outcome;
      try {
        outcome = processor.process(event, producedAt, cancellation::cancelled);
      } catch (RuntimeException e) {
        // A bug, not an outage: tried a few times, then rejected so that it can be replayed once
        // fixed, rather than holding its partition.
        unexpected++;
        log.error("unexpected failure processing {}", Rejecter.describe(record), e);
        if (unexpected < UNEXPECTED_FAILURE_LIMIT) {
          if (!pauses.pauseAfterBug(cancellation)) {
            return false;
          }
          continue;
        }
        outcome =
            new Outcome.Rejected(
                RejectReason.RETRIES_EXHAUSTED, FailureClassifier.describe(e), unexpected);
      }
      switch (outcome) {
        case Outcome.Stored stored -> {
          LogFields.put(LogFields.ASSET_ID, stored.asset().id());
          metrics.bytesStored(stored.asset().sizeBytes());
          return publishStored(record, event, stored.asset(), "stored", cancellation);
        }
        case Outcome.AlreadyStored already -> {
          return publishStored(record, event, already.asset(), "already_stored", cancellation);
        }
        case Outcome.Rejected rejected -> {
          return reject(
              record,
              event,
              rejected.reason(),
              rejected.detail(),
              rejected.attempts(),
              cancellation);
        }
        case Outcome.RetryLater later -> {
          if (later.dependency().outageLimited()) {
            sourceDownSince = sourceDownSince == null ? clock.instant() : sourceDownSince;
            if (sourceOutageOver(host, sourceDownSince)) {
              return rejectForOutage(record, event, host, later.cause(), cancellation);
            }
          }
          String what = Rejecter.describe(record);
          if (!pauses.pause(later.dependency(), later.cause(), what, cancellation)) {
            return false;
          }
        }
      }
    }
    return false;
  }

  /**
   * True once the source host has been down for the outage limit, counted from whichever is
   * earlier: when this event first found it down, or when its circuit left closed. Events that
   * queued behind a long outage are then rejected at their first refusal, not one outage limit
   * each.
   */
  private boolean sourceOutageOver(String host, Instant eventSince) {
    Instant since = eventSince;
    if (host != null) {
      Instant hostSince = breakers.sourceUnhealthySince(host).orElse(eventSince);
      since = hostSince.isBefore(since) ? hostSince : since;
    }
    return Duration.between(since, clock.instant()).compareTo(waits.sourceOutageLimit()) >= 0;
  }

  private boolean rejectForOutage(
      ConsumerRecord<byte[], byte[]> record,
      GeneratedEvent event,
      String host,
      Throwable cause,
      Cancellation cancellation) {
    return reject(
        record,
        event,
        RejectReason.RETRIES_EXHAUSTED,
        "source host "
            + host
            + " unavailable for "
            + waits.sourceOutageLimit()
            + " (circuit open)"
            + (cause == null ? "" : ": " + FailureClassifier.describe(cause)),
        0,
        cancellation);
  }

  private boolean publishStored(
      ConsumerRecord<byte[], byte[]> record,
      GeneratedEvent event,
      StoredAsset asset,
      String outcome,
      Cancellation cancellation) {
    KafkaMessage message =
        Traces.carry(
            record, codec.encodeStored(AssetStoredEvents.of(asset, event.envelope().id()), source));
    if (!publisher.publish(kafka.storedTopic(), message, cancellation)) {
      return false;
    }
    CrashPoint.AFTER_PUBLISH.reached();
    finished(record, outcome, null, event.kind());
    return true;
  }

  private boolean reject(
      ConsumerRecord<byte[], byte[]> record,
      GeneratedEvent event,
      RejectReason reason,
      String detail,
      int attempts,
      Cancellation cancellation) {
    boolean done =
        rejecter.reject(
            record,
            event == null ? null : event.envelope().id(),
            event == null ? null : event.data(),
            reason,
            detail,
            attempts,
            cancellation);
    if (done) {
      finished(record, "rejected", reason, event == null ? null : event.kind());
    }
    return done;
  }

  private void finished(
      ConsumerRecord<byte[], byte[]> record, String outcome, RejectReason reason, MediaKind kind) {
    metrics.outcome(outcome, reason, kind);
    metrics.endToEnd(Duration.between(Instant.ofEpochMilli(record.timestamp()), clock.instant()));
  }
}
