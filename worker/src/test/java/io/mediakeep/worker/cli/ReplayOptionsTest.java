package io.mediakeep.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.contracts.RejectReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options of {@code mediakeep replay}: what they accept, and the errors for what they do not. */
class ReplayOptionsTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private final ReplayCommand command =
      new ReplayCommand(Map.of(), Clock.fixed(NOW, ZoneOffset.UTC));
  private final StringWriter err = new StringWriter();
  private final CommandLine commandLine =
      new CommandLine(command)
          .setExecutionExceptionHandler(new ErrorHandler())
          .setErr(new PrintWriter(err, true))
          .setOut(new PrintWriter(new StringWriter(), true));

  @Test
  void relativeTimesMeanThatLongAgo() {
    assertThat(TimeBound.parse("24h").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(TimeBound.parse("30m").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
    assertThat(TimeBound.parse("7d").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(TimeBound.parse("90s").resolve(NOW)).isEqualTo(NOW.minusSeconds(90));
    assertThat(TimeBound.parse("2W").resolve(NOW)).isEqualTo(NOW.minus(Duration.ofDays(14)));
  }

  @Test
  void instantsAreTakenAsGiven() {
    assertThat(TimeBound.parse("2025-05-01T00:00:00Z").resolve(NOW))
        .isEqualTo(Instant.parse("2025-05-01T00:00:00Z"));
    assertThat(TimeBound.parse("2025-05-01T02:00:00+02:00").resolve(NOW))
        .isEqualTo(Instant.parse("2025-05-01T00:00:00Z"));
  }

  @Test
  void otherTimesAreRefusedWithTheFormsThatWork() {
    for (String bad : new String[] {"yesterday", "-5h", "24", "h", "5y", "2025-05-01"}) {
      assertThatThrownBy(() -> TimeBound.parse(bad))
          .as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("'" + bad + "'")
          .hasMessageContaining("ISO-8601")
          .hasMessageContaining("24h");
    }
  }

  @Test
  void reasonsRepeatSplitOnCommasAndIgnoreCase() {
    commandLine.parseArgs(
        "--reason", "source_not_found,TOO_LARGE", "--reason", "Key_Conflict", "--since", "24h");

    assertThat(command.reasons)
        .containsExactlyInAnyOrder(
            RejectReason.SOURCE_NOT_FOUND, RejectReason.TOO_LARGE, RejectReason.KEY_CONFLICT);
    assertThat(command.since.resolve(NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
  }

  @Test
  void defaultsReplayEverythingNotYetReplayedUpToThreeTimes() {
    commandLine.parseArgs();

    assertThat(command.reasons).isEmpty();
    assertThat(command.project).isNull();
    assertThat(command.limit).isNull();
    assertThat(command.maxReplays).isEqualTo(3);
    assertThat(command.batchSize).isEqualTo(500);
    assertThat(command.again).isFalse();
    assertThat(command.dryRun).isFalse();
    assertThat(command.topic).isNull();
  }

  @Test
  void theOtherOptionsAreRead() {
    UUID project = UUID.randomUUID();
    commandLine.parseArgs(
        "--project",
        project.toString(),
        "--until",
        "2025-05-01T00:00:00Z",
        "--limit",
        "10",
        "--max-replays",
        "1",
        "--again",
        "--dry-run",
        "--topic",
        "media.generated.retry");

    assertThat(command.project).isEqualTo(project);
    assertThat(command.until.resolve(NOW)).isEqualTo(Instant.parse("2025-05-01T00:00:00Z"));
    assertThat(command.limit).isEqualTo(10L);
    assertThat(command.maxReplays).isEqualTo(1);
    assertThat(command.again).isTrue();
    assertThat(command.dryRun).isTrue();
    assertThat(command.topic).isEqualTo("media.generated.retry");
  }

  @Test
  void anUnknownReasonIsABadOptionThatListsTheValidOnes() {
    int exit = commandLine.execute("--reason", "SOURCE_GONE");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--reason")
        .contains("unknown reason 'SOURCE_GONE'")
        .contains("INVALID_EVENT, SOURCE_NOT_FOUND, SOURCE_EXPIRED")
        .contains("RETRIES_EXHAUSTED");
  }

  @Test
  void aBadProjectOrTimeIsABadOption() {
    assertThat(commandLine.execute("--project", "proj-1")).isEqualTo(2);
    assertThat(err.toString()).contains("'proj-1' is not a project id");

    assertThat(commandLine.execute("--since", "last week")).isEqualTo(2);
    assertThat(err.toString()).contains("--since").contains("'last week'");
  }

  @Test
  void boundsThatSelectNothingAreRefusedBeforeConnecting() {
    assertThat(commandLine.execute("--since", "1h", "--until", "2h")).isEqualTo(2);
    assertThat(err.toString()).contains("--since").contains("must be before --until");

    assertThat(commandLine.execute("--limit", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--limit must be at least 1, not 0");

    assertThat(commandLine.execute("--max-replays", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--max-replays must be at least 1");

    assertThat(commandLine.execute("--batch-size", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--batch-size must be between 1 and 10000");
  }

  @Test
  void badConfigurationIsExitTwoAndNamesTheKey() {
    CommandLine withBadEnv =
        new CommandLine(
                new ReplayCommand(
                    Map.of("MEDIAKEEP_DB_URL", "mysql://db"), Clock.fixed(NOW, ZoneOffset.UTC)))
            .setExecutionExceptionHandler(new ErrorHandler())
            .setErr(new PrintWriter(err, true));

    assertThat(withBadEnv.execute("--dry-run")).isEqualTo(2);
    assertThat(err.toString()).contains("MEDIAKEEP_DB_URL=mysql://db");
  }

  @Test
  void everyOptionIsExplainedAndTheHelpSaysTheWorkerDedupes() {
    for (CommandLine.Model.OptionSpec option : commandLine.getCommandSpec().options()) {
      assertThat(String.join(" ", option.description()))
          .as("help of %s", option.longestName())
          .isNotBlank();
    }
    String usage = commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(usage)
        .contains("The worker dedupes")
        .contains("mediakeep-replays")
        .contains("SOURCE_NOT_FOUND");
  }
}
