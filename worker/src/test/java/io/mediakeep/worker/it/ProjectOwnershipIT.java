package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.local.SampleImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two owners publish the first image of one new project at the same moment, into two scenes: the
 * worker processes both at once (different scenes are not ordered), and exactly one of them stores;
 * the other is rejected INVALID_EVENT, without a word about who owns the project.
 */
class ProjectOwnershipIT {

  private static final int PROJECTS = 20;

  @Test
  void ofTwoOwnersRacingIntoOneNewProjectTheLoserIsRejectedInvalidEvent() throws Exception {
    try (Pipeline pipeline = new Pipeline(Map.of()).startWorker()) {
      List<UUID> projects = new ArrayList<>();
      for (int p = 0; p < PROJECTS; p++) {
        UUID project = UUID.randomUUID();
        projects.add(project);
        for (String scene : List.of("left", "right")) {
          String path = "/" + project + "/" + scene + ".png";
          pipeline.source.serve(path, "image/png", SampleImages.png(p * 2 + scene.length()));
          pipeline.publish(
              Events.image(project, UUID.randomUUID(), scene, 1, pipeline.source.url(path)),
              MediaKind.IMAGE);
        }
      }
      pipeline.flush();

      List<Pipeline.Output> outputs =
          pipeline.await(2 * PROJECTS, o -> true, Duration.ofMinutes(2));

      Map<UUID, List<Pipeline.Output>> byProject = new HashMap<>();
      for (Pipeline.Output out : outputs) {
        UUID project =
            out.stored() != null
                ? out.stored().projectId()
                : ((MediaGenerated) out.rejected().input()).projectId();
        byProject.computeIfAbsent(project, k -> new ArrayList<>()).add(out);
      }
      assertThat(byProject.keySet()).containsExactlyInAnyOrderElementsOf(projects);
      for (List<Pipeline.Output> pair : byProject.values()) {
        assertThat(pair).filteredOn(o -> o.stored() != null).hasSize(1);
        Pipeline.Output loser =
            pair.stream().filter(o -> o.rejected() != null).findFirst().orElseThrow();
        assertThat(loser.rejected().reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(loser.rejected().detail()).contains("belongs to another owner");
        UUID winner =
            pair.stream()
                .filter(o -> o.stored() != null)
                .findFirst()
                .orElseThrow()
                .stored()
                .ownerId();
        assertThat(loser.rejected().detail()).doesNotContain(winner.toString());
      }
    }
  }
}
