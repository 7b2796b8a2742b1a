package io.mediakeep.worker.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A point in time given on the command line: an ISO-8601 instant, or a duration such as {@code 24h}
 * meaning that long before the command runs.
 */
record TimeBound(Instant at, Duration ago) {

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,9})([smhdw])");

  static TimeBound parse(String text) {
    String value = text.strip();
    Matcher relative = RELATIVE.matcher(value.toLowerCase(Locale.ROOT));
    if (relative.matches()) {
      long amount = Long.parseLong(relative.group(1));
      Duration ago =
          switch (relative.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
          };
      return new TimeBound(null, ago);
    }
    try {
      return new TimeBound(Instant.parse(value), null);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'"
              + text
              + "' is neither an ISO-8601 instant (2025-05-01T00:00:00Z) nor a time ago"
              + " (90s, 30m, 24h, 7d, 2w)");
    }
  }

  /** The instant this bound stands for when the command runs at {@code now}. */
  Instant resolve(Instant now) {
    return at != null ? at : now.minus(ago);
  }

  /** For picocli: {@code --since} and {@code --until} values. */
  static final class Converter implements CommandLine.ITypeConverter<TimeBound> {
    @Override
    public TimeBound convert(String value) {
      return parse(value);
    }
  }
}
