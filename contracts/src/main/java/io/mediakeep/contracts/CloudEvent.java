package io.mediakeep.contracts;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded or to-be-encoded CloudEvents 1.0 envelope in Kafka binary mode.
 *
 * <p>{@code time} and {@code subject} may be null. {@code data} is not copied, so a value of up to
 * a megabyte is not duplicated; equality compares its contents.
 */
public record CloudEvent(
    String id, String source, String type, Instant time, String subject, byte[] data) {

  @Override
  public boolean equals(Object o) {
    return o instanceof CloudEvent other
        && Objects.equals(id, other.id)
        && Objects.equals(source, other.source)
        && Objects.equals(type, other.type)
        && Objects.equals(time, other.time)
        && Objects.equals(subject, other.subject)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, source, type, time, subject, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "CloudEvent[id=%s, source=%s, type=%s, time=%s, subject=%s, data=%s bytes]"
        .formatted(id, source, type, time, subject, data == null ? "null" : data.length);
  }
}
