package io.mediakeep.worker.cli;

import io.mediakeep.worker.config.WorkerConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --timeout} of the commands that publish a command. */
final class WaitOptions {

  @Option(
      names = "--wait",
      description =
          "Wait for the worker's result (the lifecycle event, or the rejection) and print it.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long --wait waits (30s, 5m). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  Duration waitFor() {
    return wait ? timeout : null;
  }

  /** For picocli: 30s, 5m, 1h, or ISO-8601. */
  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return WorkerConfig.parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a duration such as 30s, 5m or 1h");
      }
    }
  }
}
