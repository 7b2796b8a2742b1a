package io.mediakeep.contracts;

import static io.mediakeep.contracts.CloudEventHeaders.APPLICATION_JSON;
import static io.mediakeep.contracts.CloudEventHeaders.CONTENT_TYPE;
import static io.mediakeep.contracts.CloudEventHeaders.DATA_CONTENT_TYPE;
import static io.mediakeep.contracts.CloudEventHeaders.ID;
import static io.mediakeep.contracts.CloudEventHeaders.SOURCE;
import static io.mediakeep.contracts.CloudEventHeaders.SPEC_VERSION;
import static io.mediakeep.contracts.CloudEventHeaders.SPEC_VERSION_1_0;
import static io.mediakeep.contracts.CloudEventHeaders.SUBJECT;
import static io.mediakeep.contracts.CloudEventHeaders.TIME;
import static io.mediakeep.contracts.CloudEventHeaders.TYPE;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads and writes the CloudEvents binary-mode envelope: the ce_* headers around the value. */
final class Envelopes {

  // RFC 3339 allows a lowercase "t" and "z"; ISO_OFFSET_DATE_TIME alone would refuse them.
  private static final DateTimeFormatter RFC_3339 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toFormatter(Locale.ROOT);

  /**
   * The ce_id becomes the causationId of every event and row about the input, and the record key of
   * a rejection that has no projectId; ids are UUIDs in practice.
   */
  static final int MAX_ID_CHARS = 256;

  static final int MAX_ATTRIBUTE_CHARS = 2048;

  private Envelopes() {}

  static CloudEvent read(Map<String, byte[]> headers, byte[] value, List<String> expectedTypes)
      throws InvalidEventException {
    if (value == null) {
      throw new InvalidEventException("record value is null (tombstone), expected JSON data");
    }
    if (value.length > EventCodec.MAX_EVENT_BYTES) {
      throw new InvalidEventException(
          "record value is %d bytes, more than the %d byte limit"
              .formatted(value.length, EventCodec.MAX_EVENT_BYTES));
    }
    Map<String, byte[]> h = headers == null ? Map.of() : headers;
    String specVersion = header(h, SPEC_VERSION);
    if (specVersion == null) {
      throw new InvalidEventException(SPEC_VERSION + " header is missing, expected '1.0'");
    }
    if (!SPEC_VERSION_1_0.equals(specVersion)) {
      throw new InvalidEventException(
          "%s is %s, expected '%s'".formatted(SPEC_VERSION, quote(specVersion), SPEC_VERSION_1_0));
    }
    String id = attribute(ID, required(h, ID), MAX_ID_CHARS);
    String source = attribute(SOURCE, required(h, SOURCE), MAX_ATTRIBUTE_CHARS);
    String type = required(h, TYPE);
    if (!expectedTypes.contains(type)) {
      throw new InvalidEventException(
          expectedTypes.size() == 1
              ? "%s is %s, expected '%s'".formatted(TYPE, quote(type), expectedTypes.get(0))
              : "%s is %s, expected one of %s".formatted(TYPE, quote(type), expectedTypes));
    }
    checkContentType(contentTypeHeader(h), CONTENT_TYPE);
    checkContentType(header(h, DATA_CONTENT_TYPE), DATA_CONTENT_TYPE);
    String subject = attribute(SUBJECT, header(h, SUBJECT), MAX_ATTRIBUTE_CHARS);
    return new CloudEvent(id, source, type, time(header(h, TIME)), subject, value);
  }

  static KafkaMessage write(String key, CloudEvent event) {
    var headers = new LinkedHashMap<String, byte[]>();
    headers.put(SPEC_VERSION, SPEC_VERSION_1_0.getBytes(UTF_8));
    headers.put(ID, event.id().getBytes(UTF_8));
    headers.put(SOURCE, event.source().getBytes(UTF_8));
    headers.put(TYPE, event.type().getBytes(UTF_8));
    if (event.time() != null) {
      headers.put(TIME, DateTimeFormatter.ISO_INSTANT.format(event.time()).getBytes(UTF_8));
    }
    if (event.subject() != null) {
      headers.put(SUBJECT, event.subject().getBytes(UTF_8));
    }
    headers.put(CONTENT_TYPE, APPLICATION_JSON.getBytes(UTF_8));
    return new KafkaMessage(key, headers, event.data());
  }

  /** Quotes an untrusted value for an error message: bounded length, control characters escaped. */
  static String quote(String value) {
    var out = new StringBuilder("'");
    value
        .codePoints()
        .limit(64)
        .forEach(
            c -> {
              if (Character.isISOControl(c) || c == '\'') {
                out.append("\\u%04x".formatted(c));
              } else {
                out.appendCodePoint(c);
              }
            });
    if (value.codePointCount(0, value.length()) > 64) {
      out.append("...");
    }
    return out.append('\'').toString();
  }

  private static String required(Map<String, byte[]> headers, String name)
      throws InvalidEventException {
    String value = header(headers, name);
    if (value == null) {
      throw new InvalidEventException(name + " header is missing");
    }
    if (value.isBlank()) {
      throw new InvalidEventException(name + " header is blank");
    }
    return value;
  }

  /**
   * A CloudEvents String attribute: no control characters (U+0000-U+001F, U+007F-U+009F) and no
   * noncharacters, as the specification's type system requires; surrogates cannot survive the
   * strict UTF-8 decoding. Null stays null.
   */
  private static String attribute(String name, String value, int maxChars)
      throws InvalidEventException {
    if (value == null) {
      return null;
    }
    if (value.length() > maxChars) {
      throw new InvalidEventException(
          "%s header is %d characters long, more than %d"
              .formatted(name, value.length(), maxChars));
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (Character.isISOControl(c) || isNonCharacter(c)) {
        throw new InvalidEventException(
            "%s header %s contains U+%04X, which CloudEvents strings must not"
                .formatted(name, quote(value), c));
      }
      i += Character.charCount(c);
    }
    return value;
  }

  private static boolean isNonCharacter(int c) {
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
  }

  private static String header(Map<String, byte[]> headers, String name)
      throws InvalidEventException {
    return decode(name, headers.get(name));
  }

  // HTTP habits leak into Kafka headers, so "Content-Type" is accepted as well.
  private static String contentTypeHeader(Map<String, byte[]> headers)
      throws InvalidEventException {
    if (headers.containsKey(CONTENT_TYPE)) {
      return header(headers, CONTENT_TYPE);
    }
    for (var entry : headers.entrySet()) {
      if (CONTENT_TYPE.equalsIgnoreCase(entry.getKey())) {
        return decode(entry.getKey(), entry.getValue());
      }
    }
    return null;
  }

  private static String decode(String name, byte[] raw) throws InvalidEventException {
    if (raw == null) {
      return null;
    }
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidEventException(name + " header is not valid UTF-8", e);
    }
  }

  private static void checkContentType(String contentType, String name)
      throws InvalidEventException {
    if (contentType == null) {
      return;
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (mediaType.equals("application/cloudevents+json")) {
      throw new InvalidEventException(
          name + " is application/cloudevents+json: structured mode is not supported, use binary");
    }
    if (!mediaType.equals(APPLICATION_JSON)) {
      throw new InvalidEventException(
          "%s is %s, expected '%s'".formatted(name, quote(contentType), APPLICATION_JSON));
    }
    for (String parameter : contentType.split(";")) {
      String[] nameValue = parameter.split("=", 2);
      if (nameValue.length == 2 && nameValue[0].strip().equalsIgnoreCase("charset")) {
        String charset = nameValue[1].strip().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8")) {
          throw new InvalidEventException(
              "%s is %s, but data is read as UTF-8 only".formatted(name, quote(contentType)));
        }
      }
    }
  }

  private static Instant time(String value) throws InvalidEventException {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, RFC_3339).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(
          "%s is %s, expected an RFC 3339 timestamp".formatted(TIME, quote(value)), e);
    }
  }
}
