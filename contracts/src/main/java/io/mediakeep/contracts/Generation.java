package io.mediakeep.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a piece of media was generated, kept with the asset for provenance.
 *
 * <p>{@code parameters} is never null; it is an unmodifiable copy that keeps the producer's order
 * and any null values.
 */
public record Generation(
    String provider,
    String model,
    String prompt,
    Long seed,
    Integer width,
    Integer height,
    Map<String, Object> parameters) {

  public Generation {
    parameters =
        parameters == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
