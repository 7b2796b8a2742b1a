package io.mediakeep.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help text is written in lines picocli does not wrap again: it wraps at 80 columns, and a line of
 * 80 or more leaves a lone word on a line of its own.
 */
class HelpTextTest {

  @Test
  void everyLineOfEveryCommandsHelpFitsIn79Columns() {
    CommandLine main = new CommandLine(new Main());
    List<String> tooLong = new ArrayList<>();
    List<CommandLine> commands = new ArrayList<>(main.getSubcommands().values());
    commands.add(main);
    for (CommandLine command : commands) {
      UsageMessageSpec usage = command.getCommandSpec().usageMessage();
      Stream.of(usage.description(), usage.footer(), usage.header())
          .flatMap(Stream::of)
          .map(line -> line.replace("%n", ""))
          .filter(line -> line.length() > 79)
          .forEach(line -> tooLong.add(command.getCommandName() + ": " + line));
    }
    assertThat(commands).hasSizeGreaterThan(5);
    assertThat(tooLong).isEmpty();
  }
}
