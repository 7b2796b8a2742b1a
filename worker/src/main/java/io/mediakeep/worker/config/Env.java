package io.mediakeep.worker.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
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

  String string(String key, String fallback) {
    String value = vars.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  String optional(String key) {
    return string(key, null);
  }

  int integer(String key, int fallback, int min, int max) {
    Long value = parse(key, Long::parseLong, "an integer");
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      problems.add(key + "=" + value + " must be between " + min + " and " + max);
      return fallback;
    }
    return value.intValue();
  }

  long bytes(String key, long fallback, long min) {
    Long value = parse(key, Env::parseBytes, "a byte count such as 10485760, 512KiB or 10MiB");
    if (value == null) {
      return fallback;
    }
    if (value < min) {
      problems.add(key + "=" + value + " must be at least " + min);
      return fallback;
    }
    return value;
  }

  Duration duration(String key, Duration fallback) {
    Duration value =
        parse(key, Env::parseDuration, "a duration such as 500ms, 30s, 5m, 7d or PT30S");
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      problems.add(key + "=" + vars.get(key) + " must be positive");
      return fallback;
    }
    return value;
  }

  /** A duration, or null for {@code 0} (off). */
  Duration durationOrOff(String key, Duration fallback) {
    String raw = optional(key);
    if (raw != null && raw.strip().equals("0")) {
      return null;
    }
    return duration(key, fallback);
  }

  boolean bool(String key, boolean fallback) {
    String raw = optional(key);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> {
        problems.add(key + "=" + raw + " must be true or false");
        yield fallback;
      }
    };
  }

  URI uri(String key, String fallback) {
    String raw = string(key, fallback);
    if (raw == null) {
      return null;
    }
    try {
      URI uri = URI.create(raw);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.add(key + "=" + raw + " is not an absolute URL");
      return null;
    }
  }

  Path path(String key, String fallback) {
    return Path.of(string(key, fallback));
  }

  Set<String> set(String key, String fallback, Set<String> allowed) {
    Set<String> values = new LinkedHashSet<>();
    for (String part : string(key, fallback).split(",")) {
      String value = part.trim().toLowerCase(Locale.ROOT);
      if (value.isEmpty()) {
        continue;
      }
      if (!allowed.contains(value)) {
        problems.add(key + " contains '" + value + "'; allowed: " + allowed);
      } else {
        values.add(value);
      }
    }
    if (values.isEmpty()) {
      problems.add(key + " must name at least one of " + allowed);
    }
    return values;
  }

  /** Records a problem that no single key's parser can see. */
  void problem(String problem) {
    problems.add(problem);
  }

  <T> T check(String key, Function<String, T> parser, String fallback) {
    String raw = string(key, fallback);
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      problems.add(key + ": " + e.getMessage());
      return parser.apply(fallback);
    }
  }

  private <T> T parse(String key, Function<String, T> parser, String expected) {
    String raw = optional(key);
    if (raw == null) {
      return null;
    }
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      problems.add(key + "=" + raw + " is not " + expected);
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

  static Set<String> setOf(String... values) {
    return new LinkedHashSet<>(Arrays.asList(values));
  }
}
