package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A consumer span per record, {@code mediakeep.process}, continuing the trace of the record's
 * {@code ce_traceparent} (or {@code traceparent}); it is the current span while the record is
 * processed, so the fetch, store and record spans are its children and the events published for the
 * record name it as their parent ({@link Traces#carry}). Only used when tracing is on.
 */
public final class TracedRecords implements RecordProcessor {

  private final RecordProcessor delegate;
  private final Tracer tracer;

  public TracedRecords(RecordProcessor delegate, Tracer tracer) {
    this.delegate = delegate;
    this.tracer = tracer;
  }

  @Override
  public boolean process(ConsumerRecord<byte[], byte[]> record, Cancellation cancellation) {
    Context parent =
        Traces.of(record)
            .map(TracedRecords::remote)
            .map(remote -> Context.root().with(Span.wrap(remote)))
            .orElse(Context.root());
    Span span =
        tracer
            .spanBuilder("mediakeep.process " + record.topic())
            .setParent(parent)
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("messaging.system", "kafka")
            .setAttribute("messaging.operation.type", "process")
            .setAttribute("messaging.destination.name", record.topic())
            .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
            .setAttribute("messaging.kafka.offset", record.offset())
            .setAttribute(
                "messaging.message.id",
                Objects.requireNonNullElse(Headers.text(record, "ce_id"), ""))
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      boolean durable = delegate.process(record, cancellation);
      span.setAttribute("mediakeep.durable", durable);
      return durable;
    } finally {
      span.end();
    }
  }

  private static SpanContext remote(TraceParent parent) {
    return SpanContext.createFromRemoteParent(
        parent.traceId(),
        parent.parentId(),
        TraceFlags.fromHex(parent.flags(), 0),
        TraceState.getDefault());
  }
}
