package io.mediakeep.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The laptop stack in docker-compose.yml starts the same way every time: every image pinned to a
 * release, every long-running service with a healthcheck, and every dependency waited for by its
 * condition (healthy, or finished for a one-shot job), never merely started.
 */
class ComposeFileTest {

  private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

  private static JsonNode services() throws Exception {
    assertThat(COMPOSE).exists();
    return new YAMLMapper().readTree(Files.readString(COMPOSE)).required("services");
  }

  @Test
  void everyImageIsPinnedToARelease() throws Exception {
    List<String> floating = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : services().properties()) {
      String image = service.getValue().path("image").asText("");
      boolean built = service.getValue().has("build");
      String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
      if (!built && (tag.isEmpty() || tag.equals("latest"))) {
        floating.add(service.getKey() + " (" + image + ")");
      }
    }
    assertThat(floating).as("images without a release tag").isEmpty();
  }

  @Test
  void everyLongRunningServiceHasAHealthcheckAndEveryDependencyACondition() throws Exception {
    List<String> problems = new ArrayList<>();
    JsonNode services = services();
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      JsonNode spec = service.getValue();
      boolean oneShot = spec.path("restart").asText("").equals("no");
      if (!oneShot && !spec.has("healthcheck")) {
        problems.add(service.getKey() + " has no healthcheck");
      }
      JsonNode dependsOn = spec.path("depends_on");
      if (dependsOn.isArray()) {
        problems.add(service.getKey() + " lists depends_on without conditions");
      }
      for (Map.Entry<String, JsonNode> dependency : dependsOn.properties()) {
        String condition = dependency.getValue().path("condition").asText("");
        boolean dependencyOneShot =
            services.path(dependency.getKey()).path("restart").asText("").equals("no");
        String expected = dependencyOneShot ? "service_completed_successfully" : "service_healthy";
        if (!condition.equals(expected)) {
          problems.add(
              service.getKey()
                  + " waits for "
                  + dependency.getKey()
                  + " with '"
                  + condition
                  + "', not "
                  + expected);
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
