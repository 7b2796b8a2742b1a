package io.mediakeep.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mediakeep.worker.config.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/k8s read as their users rely on: the worker's pods are given
 * only the worker's credentials (the schema owner's login is the migrate Job's alone), and the
 * ConfigMap sets only keys the worker knows (an unknown one stops it at start).
 */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("..", "deploy", "k8s");

  private static List<JsonNode> documents() throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    ObjectMapper mapper = new YAMLMapper();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
          for (var it = mapper.readValues(parser, JsonNode.class); it.hasNext(); ) {
            JsonNode doc = it.next();
            if (doc != null && doc.has("kind")) {
              docs.add(doc);
            }
          }
        }
      }
    }
    assertThat(docs).isNotEmpty();
    return docs;
  }

  private static Set<String> secretsReferenced(JsonNode workload) {
    Set<String> names = new HashSet<>();
    for (JsonNode ref : workload.findValues("secretRef")) {
      names.add(ref.path("name").asText());
    }
    for (JsonNode ref : workload.findValues("secretKeyRef")) {
      names.add(ref.path("name").asText());
    }
    return names;
  }

  @Test
  void theWorkersPodsGetOnlyTheWorkersCredentials() throws Exception {
    Map<String, Set<String>> secretKeys = new HashMap<>();
    List<JsonNode> docs = documents();
    for (JsonNode doc : docs) {
      if (doc.path("kind").asText().equals("Secret")) {
        Set<String> keys = new HashSet<>();
        doc.path("stringData").fieldNames().forEachRemaining(keys::add);
        secretKeys.put(doc.path("metadata").path("name").asText(), keys);
      }
    }
    assertThat(secretKeys).containsKeys("mediakeep-worker-secrets", "mediakeep-migrate-secrets");
    for (JsonNode doc : docs) {
      String kind = doc.path("kind").asText();
      String name = doc.path("metadata").path("name").asText();
      Set<String> referenced = secretsReferenced(doc);
      if (List.of("Deployment", "StatefulSet", "CronJob").contains(kind)) {
        assertThat(referenced).as("%s %s", kind, name).isNotEmpty();
        for (String secret : referenced) {
          assertThat(secretKeys.getOrDefault(secret, Set.of()))
              .as("%s %s reads Secret %s", kind, name, secret)
              .noneMatch(key -> key.startsWith("MEDIAKEEP_DB_MIGRATE_"));
        }
      }
      if (kind.equals("Job")) {
        assertThat(referenced).as("the migrate Job").contains("mediakeep-migrate-secrets");
      }
    }
  }

  @Test
  void theScaledObjectScalesTheWorkerOnItsGroupsTopicsWithinThePartitionCount() throws Exception {
    List<JsonNode> docs = documents();
    JsonNode config = only(docs, "ConfigMap").path("data");
    JsonNode scaled = only(docs, "ScaledObject").path("spec");
    JsonNode deployment = only(docs, "Deployment");

    assertThat(scaled.path("scaleTargetRef").path("name").asText())
        .isEqualTo(deployment.path("metadata").path("name").asText());
    assertThat(scaled.path("minReplicaCount").asInt()).isGreaterThanOrEqualTo(1);
    // The partition count of the input topic, as the compose stack creates it.
    Matcher partitions =
        Pattern.compile("create media\\.generated\\.v1\\s+(\\d+)")
            .matcher(Files.readString(Path.of("..", "docker-compose.yml")));
    assertThat(partitions.find()).isTrue();
    assertThat(scaled.path("maxReplicaCount").asInt())
        .isEqualTo(Integer.parseInt(partitions.group(1)));

    Set<String> topics = new HashSet<>();
    for (JsonNode trigger : scaled.path("triggers")) {
      JsonNode meta = trigger.path("metadata");
      assertThat(trigger.path("type").asText()).isEqualTo("kafka");
      assertThat(meta.path("consumerGroup").asText())
          .isEqualTo(config.path("MEDIAKEEP_KAFKA_GROUP").asText());
      assertThat(meta.path("bootstrapServers").asText())
          .isEqualTo(config.path("MEDIAKEEP_KAFKA_BOOTSTRAP").asText());
      topics.add(meta.path("topic").asText());
    }
    assertThat(topics)
        .containsExactlyInAnyOrder(
            config.path("MEDIAKEEP_TOPIC_INPUT").asText(),
            config.path("MEDIAKEEP_COMMANDS_TOPIC").asText());
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.getFirst();
  }

  @Test
  void theConfigMapSetsOnlyKnownKeys() throws Exception {
    List<String> unknown = new ArrayList<>();
    for (JsonNode doc : documents()) {
      if (doc.path("kind").asText().equals("ConfigMap")) {
        doc.path("data")
            .fieldNames()
            .forEachRemaining(
                key -> {
                  if (!Keys.ALL.containsKey(key)) {
                    unknown.add(key);
                  }
                });
      }
    }
    assertThat(unknown).isEmpty();
  }
}
