package io.mediakeep.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W3C trace context as the CloudEvents distributed-tracing extension carries it: the {@code
 * traceparent} attribute, in Kafka binary mode the {@code ce_traceparent} header. mediakeep
 * continues an input's trace on every event it publishes for that input, so that one generated
 * image can be followed from its generator through mediakeep to the video worker. A value that is
 * not a valid traceparent is ignored, never a reason to refuse an event.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param parentId 16 lowercase hex digits, not all zero
 * @param flags 2 lowercase hex digits (01: sampled)
 */
public record TraceParent(String traceId, String parentId, String flags) {

  /** The CloudEvents extension's Kafka header. */
  public static final String CE_HEADER = "ce_traceparent";

  /** The plain W3C header, as OpenTelemetry's Kafka instrumentation reads and writes it. */
  public static final String W3C_HEADER = "traceparent";

  private static final Pattern FORMAT =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

  /** The traceparent in {@code value}, if it is one (version 00, or a later one read as 00). */
  public static Optional<TraceParent> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(value.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String version = m.group(1);
    if (version.equals("ff") || (version.equals("00") && m.group(5) != null)) {
      return Optional.empty();
    }
    String traceId = m.group(2);
    String parentId = m.group(3);
    if (traceId.chars().allMatch(c -> c == '0') || parentId.chars().allMatch(c -> c == '0')) {
      return Optional.empty();
    }
    return Optional.of(new TraceParent(traceId, parentId, m.group(4)));
  }

  /**
   * A child in the same trace, for the event with id {@code childEventId}: a new parent id derived
   * from this context and that id, so that publishing the same event again carries the same value.
   */
  public TraceParent child(String childEventId) {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest((value() + "|" + childEventId).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    digest[0] |= 1; // never all zero
    return new TraceParent(traceId, HexFormat.of().formatHex(digest, 0, 8), flags);
  }

  /** The header value: {@code 00-<trace id>-<parent id>-<flags>}. */
  public String value() {
    return "00-" + traceId + "-" + parentId + "-" + flags;
  }
}
