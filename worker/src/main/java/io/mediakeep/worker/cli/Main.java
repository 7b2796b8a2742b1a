package io.mediakeep.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mediakeep} executable: one jar, one subcommand per job. */
@Command(
    name = "mediakeep",
    mixinStandardHelpOptions = true,
    version = "mediakeep 0.1.0",
    description = "Makes AI-generated media permanent: Kafka in, S3 + PostgreSQL + Kafka out.",
    subcommands = {
      RunCommand.class,
      LocalCommand.class,
      MigrateCommand.class,
      ReplayCommand.class,
      SweepCommand.class,
      ReconcileCommand.class,
      PromoteCommand.class,
      DeleteCommand.class,
      PurgeCommand.class,
      BackfillCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  public static void main(String[] args) {
    int exit =
        new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorHandler()).execute(args);
    System.exit(exit);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
