package io.mediakeep.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mediakeep.worker.config.Keys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/k8s, as kustomize renders each overlay (dev, production, and
 * production with the static-membership component), are valid against the vendored Kubernetes and
 * KEDA schemas in deploy/k8s/schemas (strict: a misspelt field is an error) and read as their users
 * rely on: the worker's pods are given only the worker's credentials (the schema owner's login is
 * the migrate Job's alone), the production overlay carries no Secret, KEDA scales the worker on its
 * group's topics within the partition count, and the ConfigMap sets only keys the worker knows (an
 * unknown one stops it at start).
 *
 * <p>Rendering needs {@code kubectl} (it has kustomize built in). Without it the rendering tests
 * are skipped with that reason on a developer's machine and fail in CI ({@code CI} set), where
 * {@code .ci/run} makes sure it is there; the schema tests of the files as written run anyway.
 */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("..", "deploy", "k8s");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, JsonSchema> SCHEMAS = schemas();

  /** The overlays as kubectl kustomize renders them, by name. */
  private static Map<String, List<JsonNode>> rendered;

  private static Map<String, JsonSchema> schemas() {
    try {
      JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().locale(Locale.ENGLISH).build();
      Map<String, JsonSchema> byKind = new HashMap<>();
      JsonNode kubernetes = JSON.readTree(K8S.resolve("schemas/kubernetes-strict.json").toFile());
      for (var kind : kubernetes.path("kinds").properties()) {
        ObjectNode one = JSON.createObjectNode();
        one.put("$schema", "http://json-schema.org/draft-07/schema#");
        one.set("definitions", kubernetes.path("definitions"));
        one.putArray("allOf").addObject().put("$ref", kind.getValue().asText());
        byKind.put(kind.getKey(), factory.getSchema(one, config));
      }
      JsonNode keda =
          JSON.readTree(K8S.resolve("schemas/keda-scaledobject-v1alpha1.json").toFile());
      byKind.put("keda.sh/v1alpha1/ScaledObject", factory.getSchema(keda, config));
      return byKind;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Schema errors of one document; a kind without a schema is an error too. */
  private static List<String> problems(JsonNode doc) {
    String kind = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
    JsonSchema schema = SCHEMAS.get(kind);
    if (schema == null) {
      return List.of(kind + " has no vendored schema");
    }
    List<String> problems = new ArrayList<>();
    for (ValidationMessage message : schema.validate(doc)) {
      problems.add(kind + " " + doc.path("metadata").path("name").asText() + ": " + message);
    }
    return problems;
  }

  private static List<JsonNode> parse(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    ObjectMapper mapper = new YAMLMapper();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      for (var it = mapper.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc != null && doc.has("kind")) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static boolean kubectl() {
    try {
      return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static List<JsonNode> render(Path dir) throws Exception {
    Process kustomize =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kustomize.waitFor()).as("kubectl kustomize %s", dir).isZero();
    return parse(out);
  }

  /** Renders every overlay once, or skips (fails in CI) without kubectl. */
  private static Map<String, List<JsonNode>> overlays() throws Exception {
    if (rendered == null) {
      boolean available = kubectl();
      if (!available && System.getenv("CI") != null) {
        throw new AssertionError(
            "kubectl (for kubectl kustomize) is not installed; .ci/run needs it");
      }
      assumeTrue(available, "kubectl is not installed: the overlays are not rendered here");
      Map<String, List<JsonNode>> all = new LinkedHashMap<>();
      all.put("dev", render(K8S.resolve("overlays/dev")));
      all.put("production", render(K8S.resolve("overlays/production")));
      // Production with the static-membership component, as its kustomization's comment offers.
      Path staticOverlay = Path.of("target", "kustomize", "production-static");
      Files.createDirectories(staticOverlay);
      Files.writeString(
          staticOverlay.resolve("kustomization.yaml"),
          """
          resources:
            - ../../../../deploy/k8s/overlays/production
          components:
            - ../../../../deploy/k8s/components/static-membership
          """);
      all.put("production-static", render(staticOverlay));
      rendered = all;
    }
    return rendered;
  }

  /** Every manifest file as written, before kustomize: the base and the component. */
  private static List<JsonNode> files() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    for (Path dir : List.of(K8S.resolve("base"), K8S.resolve("components/static-membership"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
          if (!file.endsWith("kustomization.yaml")) {
            docs.addAll(parse(Files.readString(file)));
          }
        }
      }
    }
    assertThat(docs).hasSizeGreaterThanOrEqualTo(9);
    return docs;
  }

  @Test
  void everyRenderedOverlayIsValidAgainstTheVendoredSchemas() throws Exception {
    for (var overlay : overlays().entrySet()) {
      List<String> problems = new ArrayList<>();
      overlay.getValue().forEach(doc -> problems.addAll(problems(doc)));
      assertThat(problems).as("overlay %s", overlay.getKey()).isEmpty();
      assertThat(overlay.getValue())
          .as("overlay %s renders the worker, its Job, CronJob and ScaledObject", overlay.getKey())
          .extracting(doc -> doc.path("kind").asText())
          .contains("ConfigMap", "Service", "Job", "CronJob", "ScaledObject", "NetworkPolicy");
    }
  }

  @Test
  void everyFileAsWrittenIsValidAgainstTheVendoredSchemas() throws Exception {
    List<String> problems = new ArrayList<>();
    files().forEach(doc -> problems.addAll(problems(doc)));
    assertThat(problems).isEmpty();
  }

  @Test
  void theSchemasCatchWhatAClusterWouldRefuse() throws Exception {
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: mediakeep}
        spec:
          replica: 3
          selector: {matchLabels: {app: mediakeep}}
          template:
            metadata: {labels: {app: mediakeep}}
            spec:
              containers:
                - name: worker
                  image: mediakeep
                  resources: {limits: {memory: 1Gi, cpu: 500m}}
                  ports: [{containerPort: "9400"}]
        """;
    assertThat(problems(parse(deployment).getFirst()))
        .anyMatch(p -> p.contains("replica"))
        .anyMatch(p -> p.contains("containerPort"))
        .hasSize(2);
    String scaled =
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: mediakeep}
        spec:
          scaleTargetRef: {name: mediakeep}
          minReplicaCount: 1
          triggers:
            - type: kafka
              metadata:
                bootstrapServers: kafka:9092
                consumerGroup: mediakeep
                lagThreshold: "500"
                allowIdleConsumer: "false"
        """;
    assertThat(problems(parse(scaled).getFirst()))
        .singleElement()
        .asString()
        .contains("allowIdleConsumer");
    assertThat(problems(JSON.readTree("{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}")))
        .containsExactly("v1/Pod has no vendored schema");
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
    for (var overlay : overlays().entrySet()) {
      List<JsonNode> docs = overlay.getValue();
      Map<String, Set<String>> secretKeys = new HashMap<>();
      for (JsonNode doc : docs) {
        if (doc.path("kind").asText().equals("Secret")) {
          Set<String> keys = new HashSet<>();
          doc.path("data").fieldNames().forEachRemaining(keys::add);
          doc.path("stringData").fieldNames().forEachRemaining(keys::add);
          secretKeys.put(doc.path("metadata").path("name").asText(), keys);
        }
      }
      if (overlay.getKey().equals("dev")) {
        assertThat(secretKeys)
            .containsOnlyKeys("mediakeep-worker-secrets", "mediakeep-migrate-secrets");
        assertThat(secretKeys.get("mediakeep-migrate-secrets"))
            .containsExactlyInAnyOrder(
                "MEDIAKEEP_DB_MIGRATE_USER", "MEDIAKEEP_DB_MIGRATE_PASSWORD");
      } else {
        assertThat(secretKeys).as("the example Secret stays out of %s", overlay.getKey()).isEmpty();
      }
      for (JsonNode doc : docs) {
        String kind = doc.path("kind").asText();
        Set<String> referenced = secretsReferenced(doc);
        if (List.of("Deployment", "StatefulSet", "CronJob").contains(kind)) {
          assertThat(referenced)
              .as("%s in %s", kind, overlay.getKey())
              .containsExactly("mediakeep-worker-secrets");
          for (String secret : referenced) {
            assertThat(secretKeys.getOrDefault(secret, Set.of()))
                .noneMatch(key -> key.startsWith("MEDIAKEEP_DB_MIGRATE_"));
          }
        }
        if (kind.equals("Job")) {
          assertThat(referenced).as("the migrate Job").contains("mediakeep-migrate-secrets");
        }
      }
    }
  }

  @Test
  void theScaledObjectScalesTheWorkerOnItsGroupsTopicsWithinThePartitionCount() throws Exception {
    // The partition count of the input topic, as the compose stack creates it.
    Matcher partitions =
        Pattern.compile("create media\\.generated\\.v1\\s+(\\d+)")
            .matcher(Files.readString(Path.of("..", "docker-compose.yml")));
    assertThat(partitions.find()).isTrue();
    int partitionCount = Integer.parseInt(partitions.group(1));
    for (var overlay : overlays().entrySet()) {
      List<JsonNode> docs = overlay.getValue();
      JsonNode config = only(docs, "ConfigMap").path("data");
      JsonNode scaled = only(docs, "ScaledObject").path("spec");
      List<JsonNode> workers =
          docs.stream()
              .filter(d -> List.of("Deployment", "StatefulSet").contains(d.path("kind").asText()))
              .toList();
      assertThat(workers).as("the worker in %s", overlay.getKey()).hasSize(1);
      JsonNode worker = workers.getFirst();

      assertThat(scaled.path("scaleTargetRef").path("kind").asText())
          .isEqualTo(worker.path("kind").asText());
      assertThat(scaled.path("scaleTargetRef").path("name").asText())
          .isEqualTo(worker.path("metadata").path("name").asText());
      assertThat(scaled.path("minReplicaCount").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(scaled.path("maxReplicaCount").asInt()).isBetween(1, partitionCount);
      if (overlay.getKey().startsWith("production")) {
        assertThat(scaled.path("maxReplicaCount").asInt()).isEqualTo(partitionCount);
      }

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
  }

  private static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.getFirst();
  }

  @Test
  void theConfigMapSetsOnlyKnownKeys() throws Exception {
    List<String> unknown = new ArrayList<>();
    for (JsonNode doc : files()) {
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
