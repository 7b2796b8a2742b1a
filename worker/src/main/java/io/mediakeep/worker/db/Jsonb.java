package io.mediakeep.worker.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mediakeep.contracts.EventCodec;
import org.jooq.JSONB;

/** Values written to jsonb columns, serialised with the contracts' JSON settings. */
final class Jsonb {

  private Jsonb() {}

  static JSONB of(Object value) {
    try {
      return JSONB.valueOf(EventCodec.json().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + value.getClass(), e);
    }
  }
}
