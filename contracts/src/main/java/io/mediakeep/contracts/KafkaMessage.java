package io.mediakeep.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What goes on the wire: record key, ce_* headers (ordered, UTF-8 bytes), value.
 *
 * <p>The header map is an unmodifiable copy in insertion order; the byte arrays are not copied.
 * Equality compares array contents.
 */
public record KafkaMessage(String key, Map<String, byte[]> headers, byte[] value) {

  public KafkaMessage {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** This message with one more header (replacing one of the same name), the value as UTF-8. */
  public KafkaMessage withHeader(String name, String value) {
    Map<String, byte[]> more = new LinkedHashMap<>(headers);
    more.put(name, value.getBytes(StandardCharsets.UTF_8));
    return new KafkaMessage(key, more, this.value);
  }

  /** The header decoded as UTF-8, or null when absent. */
  public String header(String name) {
    byte[] raw = headers.get(name);
    return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KafkaMessage other)
        || !Objects.equals(key, other.key)
        || !Arrays.equals(value, other.value)
        || !headers.keySet().equals(other.headers.keySet())) {
      return false;
    }
    return headers.entrySet().stream()
        .allMatch(e -> Arrays.equals(e.getValue(), other.headers.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(key, Arrays.hashCode(value));
    for (var e : headers.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    var shown = new LinkedHashMap<String, String>();
    headers.keySet().forEach(name -> shown.put(name, header(name)));
    return "KafkaMessage[key=%s, headers=%s, value=%s bytes]"
        .formatted(key, shown, value == null ? "null" : value.length);
  }
}
