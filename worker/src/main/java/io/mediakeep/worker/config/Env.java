package io.mediakeep.worker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed values from environment variables, collecting every problem instead of stopping at
 * the first, so one start-up error lists all bad keys.
 */
final class Env {

  private final Map<String, String> vars;
  private final List<String> problems = new ArrayList<>();

  Env(Map<String, String> vars) {
    this.vars = vars;
  }

  List<String> problems() {
    return problems;
  }

  /** The raw value, trimmed, or null when unset or blank. */
  String optional(Key key) {
    String value = vars.get(key.name());
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Whether the variable is set at all, even to an empty value. */
  boolean present(Key key) {
    return vars.containsKey(key.name());
  }

  String text(Key key) {
    String value = optional(key);
    return value == null ? key.fallback() : value;
  }

  int integer(Key key) {
    return integer(key, Integer.parseInt(key.fallback()), (int) key.max());
  }

  /** An integer whose default or upper bound depend on other settings. */
  int integer(Key key, int fallback, int max) {
    typed(key, Key.Type.INTEGER);
    Long value = parse(key, Long::parseLong, "an integer");
    if (value == null) {
      return fallback;
    }
    if (value < key.min() || value > max) {
      problems.add(key.name() + "=" + value + " must be between " + key.min() + " and " + max);
      return fallback;
    }
    return value.intValue();
  }

  /** A size (bytes, KiB, MiB, GiB) or, for a {@code COUNT}, a plain number. */
  long bytes(Key key) {
    if (key.type() != Key.Type.COUNT) {
      typed(key, Key.Type.BYTES);
    }
    long fallback = parseBytes(key.fallback());
    Long value =
        key.type() == Key.Type.COUNT
            ? parse(key, Long::parseLong, "a whole number")
            : parse(key, Env::parseBytes, "a byte count such as 10485760, 512KiB or 10MiB");
    if (value == null) {
      return fallback;
    }
    if (value < key.min()) {
      problems.add(key.name() + "=" + value + " must be at least " + key.min());
      return fallback;
    }
    return value;
  }

  Duration duration(Key key) {
    Duration fallback = parseDuration(key.fallback());
    Duration value =
        parse(key, Env::parseDuration, "a duration such as 500ms, 30s, 5m, 7d or PT30S");
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      problems.add(key.name() + "=" + vars.get(key.name()) + " must be positive");
      return fallback;
    }
    return value;
  }

  /** A duration, or null for {@code 0} (off). */
  Duration durationOrOff(Key key) {
    typed(key, Key.Type.DURATION_OR_OFF);
    String raw = optional(key);
    if (raw != null && raw.equals("0")) {
      return null;
    }
    return duration(key);
  }

  boolean bool(Key key) {
    typed(key, Key.Type.BOOLEAN);
    String raw = optional(key);
    if (raw == null) {
      return Boolean.parseBoolean(key.fallback());
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> {
        problems.add(key.name() + "=" + raw + " must be true or false");
        yield Boolean.parseBoolean(key.fallback());
      }
    };
  }

  /** An absolute URL from the variable, or from {@code raw} where the caller read it itself. */
  URI uri(Key key, String raw) {
    typed(key, Key.Type.URL);
    try {
      URI uri = URI.create(raw);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.add(key.name() + "=" + raw + " is not an absolute URL");
      return null;
    }
  }

  Path path(Key key, String fallback) {
    typed(key, Key.Type.PATH);
    String raw = optional(key);
    return Path.of(raw == null ? fallback : raw);
  }

  /** One of the key's choices, compared without case. */
  String choice(Key key) {
    typed(key, Key.Type.CHOICE);
    String raw = optional(key);
    if (raw == null) {
      return key.fallback();
    }
    for (String choice : key.choices()) {
      if (choice.equalsIgnoreCase(raw)) {
        return choice;
      }
    }
    problems.add(key.name() + "=" + raw + " must be one of " + String.join(", ", key.choices()));
    return key.fallback();
  }

  /** A comma list of the key's choices, at least one. */
  Set<String> choices(Key key) {
    typed(key, Key.Type.CHOICES);
    Set<String> values = new LinkedHashSet<>();
    for (String part : text(key).split(",")) {
      String value = part.trim().toLowerCase(Locale.ROOT);
      if (value.isEmpty()) {
        continue;
      }
      if (!key.choices().contains(value)) {
        problems.add(key.name() + " contains '" + value + "'; allowed: " + key.choices());
      } else {
        values.add(value);
      }
    }
    if (values.isEmpty()) {
      problems.add(key.name() + " must name at least one of " + key.choices());
    }
    return values;
  }

  /** Records a problem that no single key's parser can see. */
  void problem(String problem) {
    problems.add(problem);
  }

  /** A list whose parser lives with what it configures; its errors name the key. */
  <T> T check(Key key, Function<String, T> parser) {
    typed(key, Key.Type.LIST);
    String raw = text(key);
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      problems.add(key.name() + ": " + e.getMessage());
      return parser.apply(key.fallback());
    }
  }

  private static void typed(Key key, Key.Type type) {
    if (key.type() != type) {
      throw new IllegalArgumentException(key.name() + " is a " + key.type() + ", read as " + type);
    }
  }

  private <T> T parse(Key key, Function<String, T> parser, String expected) {
    String raw = optional(key);
    if (raw == null) {
      return null;
    }
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      problems.add(key.name() + "=" + raw + " is not " + expected);
      return null;
    }
  }

  static Duration parseDuration(String raw) {
    String value = raw.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(raw, e);
    }
    for (String[] unit :
        new String[][] {
          {"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}, {"d", "86400000"}
        }) {
      if (value.endsWith(unit[0]) && value.length() > unit[0].length()) {
        String number = value.substring(0, value.length() - unit[0].length());
        if (number.chars().allMatch(Character::isDigit)) {
          return Duration.ofMillis(Long.parseLong(number) * Long.parseLong(unit[1]));
        }
      }
    }
    throw new IllegalArgumentException(raw);
  }

  static long parseBytes(String raw) {
    String value = raw.trim();
    for (String[] unit :
        new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
      if (value.endsWith(unit[0])) {
        return Long.parseLong(value.substring(0, value.length() - 3).trim())
            * Long.parseLong(unit[1]);
      }
    }
    return Long.parseLong(value);
  }
}
