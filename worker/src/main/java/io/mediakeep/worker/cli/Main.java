package io.mediakeep.worker.cli;

import io.mediakeep.worker.config.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mediakeep} executable: one jar, one subcommand per job. */
@Command(
    name = "mediakeep",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Makes AI-generated media permanent: Kafka in, S3 + PostgreSQL + Kafka out.",
    subcommands = {
      RunCommand.class,
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
    System.exit(commandLine().execute(args));
  }

  /** Wider than the lines Keys.help() makes, so picocli never breaks one of them again. */
  private static final int HELP_WIDTH_WITH_MARGIN = 100;

  /**
   * The command line: every subcommand answers {@code --version} with the build's, {@code run
   * --help} lists the configuration table, and {@code local} is the local stack or, in
   * mediakeep.jar, a pointer to it.
   */
  public static CommandLine commandLine() {
    CommandLine main = new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorHandler());
    main.addSubcommand(localCommand().orElseGet(LocalElsewhere::new));
    BuildVersion version = new BuildVersion();
    main.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
    List<String> footer = new ArrayList<>();
    Keys.help().forEach(line -> footer.add(line.replace("%", "%%")));
    footer.add("Durations: 500ms, 30s, 5m, 1h, 7d or ISO-8601; sizes: bytes, KiB, MiB or GiB.");
    footer.add("OpenTelemetry spans: the standard OTEL_* variables (README, Events: Tracing).");
    main.getSubcommands()
        .get("run")
        .getCommandSpec()
        .usageMessage()
        .width(HELP_WIDTH_WITH_MARGIN)
        .footer(footer.toArray(String[]::new));
    return main;
  }

  /**
   * {@code local}, where this build has it: the local stack (embedded Kafka, PostgreSQL and S3) is
   * in mediakeep-local.jar and the tests, not in mediakeep.jar, the artifact that {@code run} ships
   * in.
   */
  private static Optional<Object> localCommand() {
    try {
      return Optional.of(Class.forName(LOCAL_COMMAND).getDeclaredConstructor().newInstance());
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(LOCAL_COMMAND, e);
    }
  }

  private static final String LOCAL_COMMAND = "io.mediakeep.worker.local.LocalCommand";

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
