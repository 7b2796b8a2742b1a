package io.mediakeep.worker.cli;

import java.util.UUID;
import picocli.CommandLine;

/** Ids given on the command line, with a message that says what was expected. */
final class UuidConverter implements CommandLine.ITypeConverter<UUID> {
  @Override
  public UUID convert(String value) {
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not an id (a UUID such as 0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40)");
    }
  }
}
