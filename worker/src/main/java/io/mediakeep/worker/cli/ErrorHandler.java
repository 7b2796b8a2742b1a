package io.mediakeep.worker.cli;

import io.mediakeep.worker.config.ConfigException;
import picocli.CommandLine;

/** Prints configuration problems as a list a person can act on, not as a stack trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  static final int CONFIG_ERROR = 2;

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof ConfigException config) {
      commandLine.getErr().println("mediakeep: " + config.getMessage());
      return CONFIG_ERROR;
    }
    commandLine.getErr().println("mediakeep: " + e);
    e.printStackTrace(commandLine.getErr());
    return 1;
  }
}
