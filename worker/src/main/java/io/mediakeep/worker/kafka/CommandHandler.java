package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.CommandEvent;
import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.InvalidEventException;
import io.mediakeep.contracts.LifecycleEvent;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.CommandOutcome;
import io.mediakeep.worker.core.CommandProcessor;
import io.mediakeep.worker.core.CrashPoint;
import io.mediakeep.worker.metrics.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one command record into durable effects: decode, run the command, publish its lifecycle
 * events (or its rejection). A dependency that is down is waited for, as for input records; the
 * record stays uncommitted until the command's effects are durable, and a command delivered again
 * finishes where the first delivery stopped.
 */
public final class CommandHandler implements RecordProcessor {

  private final EventCodec codec;
  private final CommandProcessor processor;
  private final Rejecter rejecter;
  private final DurablePublisher publisher;
  private final String lifecycleTopic;
  private final String source;
  private final Metrics metrics;
  private final DependencyWaits waits;

  public CommandHandler(
      EventCodec codec,
      CommandProcessor processor,
      Rejecter rejecter,
      DurablePublisher publisher,
      KafkaSettings kafka,
      Metrics metrics,
      DependencyWaits waits) {
    this.codec = codec;
    this.processor = processor;
    this.rejecter = rejecter;
    this.publisher = publisher;
    this.lifecycleTopic = kafka.lifecycleTopic();
    this.source = "/mediakeep/" + kafka.groupId();
    this.metrics = metrics;
    this.waits = waits;
  }

  @Override
  public boolean process(ConsumerRecord<byte[], byte[]> record, Cancellation cancellation) {
    CommandEvent command;
    try {
      command = codec.decodeCommand(Headers.of(record), record.value());
    } catch (InvalidEventException e) {
      return reject(record, null, RejectReason.INVALID_EVENT, e.getMessage(), cancellation);
    }
    String type = command.envelope().type();
    DependencyWaits.Sequence pauses = waits.begin();
    while (!cancellation.cancelled()) {
      CommandOutcome outcome = processor.process(command, cancellation::cancelled);
      switch (outcome) {
        case CommandOutcome.Done done -> {
          for (LifecycleEvent event : done.publish()) {
            if (!publisher.publish(
                lifecycleTopic,
                Traces.carry(record, codec.encodeLifecycle(event, source)),
                cancellation)) {
              return false;
            }
          }
          CrashPoint.AFTER_PUBLISH.reached();
          metrics.command(type, "done", null);
          return true;
        }
        case CommandOutcome.Rejected rejected -> {
          return reject(record, command, rejected.reason(), rejected.detail(), cancellation);
        }
        case CommandOutcome.Stopped stopped -> {
          return false;
        }
        case CommandOutcome.RetryLater later -> {
          String what = "command " + Rejecter.describe(record);
          if (!pauses.pause(later.dependency(), later.cause(), what, cancellation)) {
            return false;
          }
        }
      }
    }
    return false;
  }

  private boolean reject(
      ConsumerRecord<byte[], byte[]> record,
      CommandEvent command,
      RejectReason reason,
      String detail,
      Cancellation cancellation) {
    boolean done =
        rejecter.reject(
            record,
            command == null ? null : command.envelope().id(),
            command == null ? null : command.command(),
            reason,
            detail,
            0,
            cancellation);
    if (done) {
      metrics.command(command == null ? "unknown" : command.envelope().type(), "rejected", reason);
    }
    return done;
  }
}
