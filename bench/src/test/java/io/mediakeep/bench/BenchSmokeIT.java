package io.mediakeep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the whole benchmark, every arm and the report, so that the harness cannot rot.
 * Nothing about speed is asserted: only that every arm stored every event and the report was
 * written with its charts.
 */
class BenchSmokeIT {

  @TempDir Path dir;

  @Test
  void everyArmStoresEveryEventAndTheReportIsWritten() throws Exception {
    Path report = dir.resolve("performance.md");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Options options =
        Options.parse(
            new String[] {
              "--quick",
              "--events",
              "20",
              "--report",
              report.toString(),
              "--worker-jar",
              Path.of("..", "worker", "target", "mediakeep.jar").toString()
            });

    Report result = new Bench(options, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

    String text = log.toString(StandardCharsets.UTF_8);
    assertThat(result.complete()).as(text).isTrue();
    for (String arm : options.arms()) {
      assertThat(result.results(arm))
          .as(arm)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.stored()).isEqualTo(20);
                assertThat(r.eventsPerSecond()).isPositive();
              });
    }
    assertThat(Files.readString(report))
        .contains(Report.START, Report.END, "floor", "mediakeep", "seed flow", "Camel");
    assertThat(dir.resolve("performance-throughput.png")).isNotEmptyFile();
    assertThat(dir.resolve("performance-latency.png")).isNotEmptyFile();
  }
}
