package io.mediakeep.worker.kafka;

import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Continues an input's trace on what mediakeep publishes for it: the input's {@code ce_traceparent}
 * (or plain {@code traceparent}) becomes the parent of a {@code ce_traceparent} and a {@code
 * traceparent} header on each output, in the same trace.
 */
final class Traces {

  private Traces() {}

  /** The input's trace context, if it carries a valid one. */
  static Optional<TraceParent> of(ConsumerRecord<byte[], byte[]> input) {
    Optional<TraceParent> ce = TraceParent.parse(Headers.text(input, TraceParent.CE_HEADER));
    return ce.isPresent() ? ce : TraceParent.parse(Headers.text(input, TraceParent.W3C_HEADER));
  }

  /**
   * {@code output} with a child of the input's trace context, or as it is without one. With tracing
   * on, the parent is the span that processes the input (same trace, exported); without, a span id
   * derived from the output's event id stands for mediakeep's part.
   */
  static KafkaMessage carry(ConsumerRecord<byte[], byte[]> input, KafkaMessage output) {
    SpanContext current = Span.current().getSpanContext();
    if (current.isValid()) {
      String value =
          new TraceParent(
                  current.getTraceId(), current.getSpanId(), current.getTraceFlags().asHex())
              .value();
      return output
          .withHeader(TraceParent.CE_HEADER, value)
          .withHeader(TraceParent.W3C_HEADER, value);
    }
    return of(input)
        .map(parent -> parent.child(output.header("ce_id")).value())
        .map(
            child ->
                output
                    .withHeader(TraceParent.CE_HEADER, child)
                    .withHeader(TraceParent.W3C_HEADER, child))
        .orElse(output);
  }
}
