package io.mediakeep.worker.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.mediakeep.contracts.EventCodec;
import java.util.Map;
import org.jooq.JSONB;

/** Values written to and read from jsonb columns, with the contracts' JSON settings. */
final class Jsonb {

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Jsonb() {}

  static JSONB of(Object value) {
    try {
      return JSONB.valueOf(EventCodec.json().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + value.getClass(), e);
    }
  }

  /** A JSON object of strings, such as the raw headers of a rejected record; null reads as {}. */
  static Map<String, String> stringMap(JSONB value) {
    if (value == null) {
      return Map.of();
    }
    try {
      return EventCodec.json().readValue(value.data(), STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object of strings: " + value.data(), e);
    }
  }
}
