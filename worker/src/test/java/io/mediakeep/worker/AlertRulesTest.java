package io.mediakeep.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus/rules.yml checked and unit-tested with promtool: every alert fires on the
 * series that mean trouble and stays quiet on healthy ones (deploy/prometheus/rules.test.yml).
 * promtool compares annotations word for word, so the tests run against a copy of the rules without
 * them; {@code promtool check rules} checks the real file, templates included.
 *
 * <p>promtool comes from the Debian package {@code prometheus} (.ci/run installs it), Homebrew's
 * {@code prometheus}, or a Prometheus release; {@code PROMTOOL} names another binary.
 */
class AlertRulesTest {

  private static final Path RULES = Path.of("..", "deploy", "prometheus", "rules.yml");
  private static final Path TESTS = Path.of("..", "deploy", "prometheus", "rules.test.yml");

  @Test
  void theRulesAreValidAndEveryAlertPassesItsUnitTests(@TempDir Path dir) throws Exception {
    String promtool = promtool();

    Result check = run(List.of(promtool, "check", "rules", RULES.toString()));
    assertThat(check.exit()).as("promtool check rules:%n%s", check.output()).isZero();

    JsonNode rules = new YAMLMapper().readTree(RULES.toFile());
    List<String> alerts = new ArrayList<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        ((ObjectNode) rule).remove("annotations");
        if (rule.has("alert")) {
          alerts.add(rule.path("alert").asText());
        }
      }
    }
    new YAMLMapper().writeValue(dir.resolve("rules.yml").toFile(), rules);
    Files.copy(TESTS, dir.resolve("rules.test.yml"));

    Result test = run(List.of(promtool, "test", "rules", dir.resolve("rules.test.yml").toString()));
    assertThat(test.exit()).as("promtool test rules:%n%s", test.output()).isZero();

    String cases = Files.readString(TESTS);
    assertThat(alerts)
        .as("every alert has a unit test")
        .allSatisfy(alert -> assertThat(cases).contains("alertname: " + alert + "\n"));
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static String promtool() {
    String named = System.getenv("PROMTOOL");
    if (named != null && !named.isBlank()) {
      return named;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(
        "promtool is not on the PATH: install it (Debian/Ubuntu: apt-get install prometheus;"
            + " macOS: brew install prometheus), or set PROMTOOL to its path. .ci/run installs"
            + " it.");
  }
}
