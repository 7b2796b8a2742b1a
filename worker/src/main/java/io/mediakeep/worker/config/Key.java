package io.mediakeep.worker.config;

import java.util.List;

/**
 * One {@code MEDIAKEEP_*} setting: its type, its default (the text the parser reads, or, where the
 * default is derived from other settings, null with {@code shown} saying how), its bounds and what
 * it means. {@link Keys} holds them all; {@link Env} parses by them, {@code run --help} prints them
 * and {@code KeysTest} holds the README's table to them.
 */
public record Key(
    String name,
    Type type,
    String fallback,
    String shown,
    long min,
    long max,
    List<String> choices,
    String description) {

  /** How a value is written. */
  public enum Type {
    TEXT("text"),
    SECRET("secret"),
    INTEGER("integer"),
    BYTES("size"),
    COUNT("count"),
    DURATION("duration"),
    DURATION_OR_OFF("duration or 0"),
    BOOLEAN("true|false"),
    URL("URL"),
    PATH("path"),
    CHOICE("one of"),
    CHOICES("comma list of"),
    LIST("list");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The default as help and the README show it. */
  public String shownDefault() {
    if (shown != null) {
      return shown;
    }
    return fallback == null || fallback.isEmpty() ? "unset" : fallback;
  }

  /** The type with its bounds or choices, as help shows it. */
  public String typeAndBounds() {
    return switch (type) {
      case INTEGER -> "integer " + min + ".." + max;
      case BYTES -> min > 0 ? "size >= " + min : "size";
      case COUNT -> "count >= " + min;
      case CHOICE -> "one of " + String.join("|", choices);
      case CHOICES -> "comma list of " + String.join(",", choices);
      default -> type.label();
    };
  }

  /** The same setting with the default written out for people where it is derived or unset. */
  Key shownAs(String text) {
    return new Key(name, type, fallback, text, min, max, choices, description);
  }
}
