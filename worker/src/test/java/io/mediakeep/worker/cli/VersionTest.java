package io.mediakeep.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionTest {

  @Test
  void everyCommandPrintsTheBuildsVersionAndCommit() {
    CommandLine main = Main.commandLine();
    List<String> names = new ArrayList<>(main.getSubcommands().keySet());
    names.remove("help");
    assertThat(names).contains("run", "local", "reconcile", "backfill");
    for (String name : names) {
      StringWriter out = new StringWriter();
      CommandLine command = Main.commandLine().setOut(new PrintWriter(out));
      int exit = command.execute(name, "--version");
      assertThat(exit).as(name).isZero();
      assertThat(out.toString())
          .as("%s --version", name)
          .isEqualTo(BuildVersion.line() + System.lineSeparator());
    }
    assertThat(BuildVersion.line()).startsWith("mediakeep 0.1.0");
    if (Files.isDirectory(Path.of("..", ".git"))) {
      // Maven wrote the commit of this checkout before the tests ran.
      assertThat(BuildVersion.line()).containsPattern("\\(commit [0-9a-f]{7}");
    }
    StringWriter top = new StringWriter();
    Main.commandLine().setOut(new PrintWriter(top)).execute("--version");
    assertThat(top.toString()).isEqualTo(BuildVersion.line() + System.lineSeparator());
  }
}
