package io.mediakeep.contracts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A record's headers as Kafka gives them: in order, a name possibly more than once. The codec reads
 * the envelope from them and enforces its rules itself, including the one a map cannot see: a
 * CloudEvents ({@code ce_*}) or content-type header given twice is refused, since which one the
 * producer meant is unknown.
 */
public final class EventHeaders {

  private record Header(String name, byte[] value) {}

  private final List<Header> headers;

  private EventHeaders(List<Header> headers) {
    this.headers = Collections.unmodifiableList(headers);
  }

  /** Headers with unique names, such as a test or a tool builds. */
  public static EventHeaders of(Map<String, byte[]> headers) {
    Builder builder = builder();
    if (headers != null) {
      headers.forEach(builder::add);
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects headers in record order. */
  public static final class Builder {
    private final List<Header> headers = new ArrayList<>();

    private Builder() {}

    /** Adds one header; a null value (Kafka allows it) reads as empty. */
    public Builder add(String name, byte[] value) {
      headers.add(new Header(name, value == null ? new byte[0] : value));
      return this;
    }

    public EventHeaders build() {
      return new EventHeaders(new ArrayList<>(headers));
    }
  }

  /**
   * The headers by name, once the envelope's rules hold: no CloudEvents or content-type header
   * twice (content-type compared without case, as HTTP habits spell it either way). Other headers
   * given twice keep their last value.
   */
  Map<String, byte[]> byName() throws InvalidEventException {
    Map<String, byte[]> byName = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (Header header : headers) {
      String name = header.name();
      boolean envelope =
          name.startsWith("ce_") || name.equalsIgnoreCase(CloudEventHeaders.CONTENT_TYPE);
      if (envelope && !seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new InvalidEventException(
            "header " + name + " appears more than once; which one is meant is unknown");
      }
      byName.put(name, header.value());
    }
    return byName;
  }

  /** How many headers there are, repeats included. */
  public int size() {
    return headers.size();
  }
}
