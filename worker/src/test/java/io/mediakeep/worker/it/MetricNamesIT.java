package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mediakeep.contracts.DeleteAsset;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.PromoteAsset;
import io.mediakeep.worker.local.SampleImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric that deploy/ (the alert and recording rules, the dashboard) and the README's metrics
 * table name is one the worker exports: scraped from the real /metrics of a worker that has stored,
 * rejected, retried, run commands and swept. A panel or rule over a name nobody exports is empty,
 * and nothing else would say so.
 */
class MetricNamesIT {

  private static final Path ROOT = Path.of("..");

  /** Metric names of the families the worker exports (PromQL functions and labels do not). */
  private static final Pattern NAME =
      Pattern.compile(
          "(?<![\\w:])((?:mediakeep|resilience4j|kafka|hikaricp|jvm|process)_[a-z0-9_]*\\*?)"
              + "(?![\\w:])");

  @Test
  void everyMetricNamedInDeployAndTheReadmeIsExported() throws Exception {
    Map<String, Set<String>> named = new TreeMap<>();
    JsonNode rules =
        new YAMLMapper().readTree(ROOT.resolve("deploy/prometheus/rules.yml").toFile());
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        names(rule.path("expr").asText(), "deploy/prometheus/rules.yml", named);
      }
    }
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(ROOT.resolve("deploy/grafana/mediakeep-dashboard.json").toFile());
    for (JsonNode expr : dashboard.findValues("expr")) {
      names(expr.asText(), "deploy/grafana/mediakeep-dashboard.json", named);
    }
    for (String cell : readmeMetricCells()) {
      names(cell, "README.md", named);
    }
    assertThat(named).as("names found in deploy/ and the README").hasSizeGreaterThan(20);

    String scrape;
    try (Pipeline pipeline = new Pipeline(Map.of("MEDIAKEEP_SWEEP_INTERVAL", "1s"))) {
      pipeline.startWorker();
      exercise(pipeline);
      scrape = scrape(pipeline.worker().httpPort());
    }
    Set<String> exported = exported(scrape);

    List<String> missing = new ArrayList<>();
    named.forEach(
        (name, where) -> {
          if (!isExported(name, exported)) {
            missing.add(name + " (named in " + String.join(", ", where) + ")");
          }
        });
    assertThat(missing).as("named but not exported").isEmpty();
  }

  /** Stores two images, rejects a missing one, retries a failing one, promotes, deletes, sweeps. */
  private static void exercise(Pipeline pipeline) throws Exception {
    UUID owner = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    pipeline.source.serve("/a.png", "image/png", SampleImages.png(1));
    pipeline.source.serve("/b.png", "image/png", SampleImages.png(2));
    pipeline.publish(
        Events.image(project, owner, "s1", 1, pipeline.source.url("/a.png")), MediaKind.IMAGE);
    pipeline.publish(
        Events.image(project, owner, "s2", 1, pipeline.source.url("/b.png")), MediaKind.IMAGE);
    pipeline.flush();
    List<Pipeline.Output> stored =
        pipeline.await(2, o -> o.stored() != null, Duration.ofMinutes(1));

    pipeline.source.status("/gone.png", 404);
    pipeline.source.status("/busy.png", 503);
    pipeline.publish(
        Events.image(project, owner, "s3", 1, pipeline.source.url("/gone.png")), MediaKind.IMAGE);
    pipeline.publish(
        Events.image(project, owner, "s4", 1, pipeline.source.url("/busy.png")), MediaKind.IMAGE);
    pipeline.flush();
    pipeline.await(2, o -> o.rejected() != null, Duration.ofMinutes(2));

    String promote =
        pipeline.command(new PromoteAsset(stored.get(0).stored().assetId(), owner, "kept", null));
    String delete = pipeline.command(new DeleteAsset(stored.get(1).stored().assetId(), owner));
    pipeline.await(1, o -> o.answers(promote), Duration.ofSeconds(30));
    // The deletion's event goes out once the worker's sweep (every second here) drained it.
    pipeline.await(1, o -> o.answers(delete), Duration.ofSeconds(30));
  }

  private static List<String> readmeMetricCells() throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    List<String> cells = new ArrayList<>();
    boolean inSection = false;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## Metrics and health");
        continue;
      }
      if (inSection && line.startsWith("| `")) {
        cells.add(line.split("\\|")[1]);
      }
    }
    assertThat(cells).as("rows of the README's metrics table").isNotEmpty();
    return cells;
  }

  private static void names(String text, String where, Map<String, Set<String>> into) {
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      into.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(where);
    }
  }

  private static String scrape(int port) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }

  /** Sample names, and the family names of "# TYPE" lines (a histogram's name without suffix). */
  private static Set<String> exported(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        names.add(line.split(" ")[2]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{');
        names.add(end < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, end));
      }
    }
    return names;
  }

  private static boolean isExported(String name, Set<String> exported) {
    if (name.endsWith("*")) {
      String prefix = name.substring(0, name.length() - 1);
      return exported.stream().anyMatch(e -> e.startsWith(prefix));
    }
    return exported.contains(name);
  }
}
