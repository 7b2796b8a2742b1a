package io.mediakeep.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How long an asset is kept: permanently with its project, or as an expiring workspace draft. */
public enum Retention {
  PROJECT("project"),
  WORKSPACE("workspace");

  private final String wireName;

  Retention(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Parses "project" or "workspace". */
  @JsonCreator
  public static Retention fromWireName(String wireName) {
    for (Retention retention : values()) {
      if (retention.wireName.equals(wireName)) {
        return retention;
      }
    }
    throw new IllegalArgumentException("unknown retention '" + wireName + "'");
  }
}
