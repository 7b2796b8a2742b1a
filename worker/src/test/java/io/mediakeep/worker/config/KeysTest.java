package io.mediakeep.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
  void theListIsExactlyTheKeysTheCodeReads() throws IOException {
    Set<String> read = new TreeSet<>();
    for (Path root : new Path[] {Path.of("src/main/java"), Path.of("src/main/resources")}) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          if (file.endsWith("Keys.java") || file.toString().endsWith("RunCommand.java")) {
            continue; // the list itself, and help text
          }
          Matcher m =
              Pattern.compile("\"(MEDIAKEEP_[A-Z0-9_]+)\"|\\$\\{(MEDIAKEEP_[A-Z0-9_]+)")
                  .matcher(Files.readString(file));
          while (m.find()) {
            read.add(m.group(1) != null ? m.group(1) : m.group(2));
          }
        }
      }
    }
    assertThat(new TreeSet<>(Keys.ALL)).isEqualTo(read);
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
      String cell = line.split("\\|")[1];
      String previous = null;
      Matcher m = Pattern.compile("`(MEDIAKEEP_[A-Z0-9_]+|_[A-Z0-9_]+)`").matcher(cell);
      while (m.find()) {
        String token = m.group(1);
        String key = token.startsWith("_") ? expand(previous, token) : token;
        assertThat(key).as("%s in the README row %s", token, cell).isNotNull();
        listed.add(key);
        previous = key;
      }
    }
    assertThat(listed).isEqualTo(new TreeSet<>(Keys.ALL));
  }

  /** `MEDIAKEEP_DB_USER` / `_PASSWORD`: the known key that replaces the last segments, or adds. */
  private static String expand(String previous, String suffix) {
    if (previous == null) {
      return null;
    }
    String base = previous;
    while (true) {
      if (Keys.ALL.contains(base + suffix)) {
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
