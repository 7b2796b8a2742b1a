package io.mediakeep.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediakeep.worker.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class KeysTest {

  private static final Pattern KEY = Pattern.compile("MEDIAKEEP_[A-Z0-9_]*[A-Z0-9]");

  @Test
  void everyKeyInTheTableIsReadAndTheCodeNamesNoKeyOutsideIt() throws IOException {
    Set<String> named = new TreeSet<>();
    StringBuilder code = new StringBuilder();
    for (Path root : new Path[] {Path.of("src/main/java"), Path.of("src/main/resources")}) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          if (file.endsWith("Keys.java")) {
            continue; // the table itself
          }
          String text = Files.readString(file);
          code.append(text);
          Matcher m = KEY.matcher(text);
          while (m.find()) {
            named.add(m.group());
          }
        }
      }
    }
    for (Key key : Keys.TABLE) {
      String constant = key.name().substring("MEDIAKEEP_".length());
      assertThat(
              Pattern.compile("Keys\\." + constant + "\\b|\\$\\{" + key.name() + "\\b")
                  .matcher(code)
                  .find())
          .as(
              "%s is read somewhere (Keys.%s, or ${%s} in a resource)",
              key.name(), constant, key.name())
          .isTrue();
    }
    named.removeIf(name -> name.equals("MEDIAKEEP_SERVICE_HOST")); // in Keys' javadoc only
    assertThat(Keys.ALL.keySet()).containsAll(named);
  }

  @Test
  void runHelpListsEveryKeyWithItsTypeAndDefault() {
    StringWriter help = new StringWriter();
    Main.commandLine().getSubcommands().get("run").usage(new PrintWriter(help));
    String flat = help.toString().replaceAll("\\s+", " ");
    for (Key key : Keys.TABLE) {
      assertThat(flat)
          .contains(" " + key.name() + " " + key.typeAndBounds() + " (" + key.shownDefault() + ")")
          .contains(key.description());
    }
    assertThat(help.toString().lines()).allMatch(line -> line.length() <= 79);
  }

  @Test
  void defaultsAreWhatTheParsersRead() {
    WorkerConfig config = WorkerConfig.fromEnv(Map.of());
    assertThat(config.pipeline().maxInFlight())
        .isEqualTo(Integer.parseInt(Keys.MAX_IN_FLIGHT.fallback()));
    assertThat(config.fetch().limits().maxImageBytes()).isEqualTo(10L << 20);
    assertThat(Keys.MAX_IMAGE_BYTES.fallback()).isEqualTo("10MiB");
    assertThat(config.lifecycle().sweepInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.pipeline().maxInFlightPerHost()).isEqualTo(128);
  }

  @Test
  void boundsAndChoicesFromTheTableAreEnforced() {
    ConfigException error =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                WorkerConfig.fromEnv(
                    Map.of(
                        "MEDIAKEEP_DB_POOL_SIZE", "1001",
                        "MEDIAKEEP_LOG_FORMAT", "yaml",
                        "MEDIAKEEP_MULTIPART_PART_SIZE", "1MiB",
                        "MEDIAKEEP_KAFKA_GROUP_PROTOCOL", "eager")));
    assertThat(error.problems())
        .containsExactlyInAnyOrder(
            "MEDIAKEEP_DB_POOL_SIZE=1001 must be between 1 and 1000",
            "MEDIAKEEP_LOG_FORMAT=yaml must be one of text, json",
            "MEDIAKEEP_MULTIPART_PART_SIZE=1048576 must be at least 5242880",
            "MEDIAKEEP_KAFKA_GROUP_PROTOCOL=eager must be one of classic, consumer");
  }

  @Test
  void theReadmeConfigurationTableListsEveryKeyAndNoOther() throws IOException {
    Set<String> listed = new TreeSet<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      if (line.startsWith("## ")) {
        inTable = line.equals("## Configuration");
        continue;
      }
      if (!inTable || !line.startsWith("| `MEDIAKEEP_")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String cell = cells[1];
      String previous = null;
      List<String> inRow = new ArrayList<>();
      Matcher m = Pattern.compile("`(MEDIAKEEP_[A-Z0-9_]+|_[A-Z0-9_]+)`").matcher(cell);
      while (m.find()) {
        String token = m.group(1);
        String key = token.startsWith("_") ? expand(previous, token) : token;
        assertThat(key).as("%s in the README row %s", token, cell).isNotNull();
        listed.add(key);
        inRow.add(key);
        previous = key;
      }
      Matcher single = Pattern.compile("\\s*`([^`]*)`\\s*").matcher(cells[2]);
      if (inRow.size() == 1 && single.matches()) {
        assertThat(single.group(1))
            .as("the README's default of %s", inRow.get(0))
            .isEqualTo(Keys.ALL.get(inRow.get(0)).fallback());
      }
    }
    assertThat(listed).isEqualTo(new TreeSet<>(Keys.ALL.keySet()));
  }

  /** `MEDIAKEEP_DB_USER` / `_PASSWORD`: the known key that replaces the last segments, or adds. */
  private static String expand(String previous, String suffix) {
    if (previous == null) {
      return null;
    }
    String base = previous;
    while (true) {
      if (Keys.ALL.containsKey(base + suffix)) {
        return base + suffix;
      }
      int cut = base.lastIndexOf('_');
      if (cut <= "MEDIAKEEP".length() - 1) {
        return null;
      }
      base = base.substring(0, cut);
    }
  }

  @Test
  void aTypoIsAConfigurationErrorThatNamesTheClosestKey() {
    Map<String, String> env = new HashMap<>();
    env.put("MEDIAKEEP_KAFKA_BOOTSTRAPS", "kafka:9092");
    env.put("MEDIAKEEP_DB_URL", "jdbc:postgresql://db:5432/mediakeep");

    assertThatThrownBy(() -> WorkerConfig.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MEDIAKEEP_KAFKA_BOOTSTRAPS is not a mediakeep setting")
        .hasMessageContaining("did you mean MEDIAKEEP_KAFKA_BOOTSTRAP?");
  }

  @Test
  void theVariablesKubernetesInjectsForAServiceNamedMediakeepAreNotKeys() {
    Map<String, String> pod = new HashMap<>();
    pod.put("MEDIAKEEP_SERVICE_HOST", "10.96.0.12");
    pod.put("MEDIAKEEP_SERVICE_PORT", "9400");
    pod.put("MEDIAKEEP_SERVICE_PORT_HTTP_METRICS", "9400");
    pod.put("MEDIAKEEP_PORT", "tcp://10.96.0.12:9400");
    pod.put("MEDIAKEEP_PORT_9400_TCP", "tcp://10.96.0.12:9400");
    pod.put("MEDIAKEEP_PORT_9400_TCP_PROTO", "tcp");
    pod.put("MEDIAKEEP_PORT_9400_TCP_PORT", "9400");
    pod.put("MEDIAKEEP_PORT_9400_TCP_ADDR", "10.96.0.12");
    pod.put("MEDIAKEEP_DB_SERVICE_HOST", "10.96.0.13");
    pod.put("MEDIAKEEP_DB_PORT", "tcp://10.96.0.13:5432");
    pod.put("MEDIAKEEP_HTTP_HOST", "0.0.0.0");
    pod.put("HOSTNAME", "mediakeep-0");

    assertThat(Keys.unknown(pod)).isEmpty();
    assertThat(WorkerConfig.fromEnv(pod).http().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void aPortTypoWithoutALinkValueIsStillCaught() {
    assertThat(Keys.unknown(Map.of("MEDIAKEEP_HTTP_PROT", "9400")))
        .singleElement()
        .asString()
        .contains("did you mean MEDIAKEEP_HTTP_PORT?");
  }
}
