package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.worker.local.SampleImages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Versions of a scene arriving shuffled leave exactly one current row: the highest version. */
class CurrentVersionIT {

  private static final int SCENES = 8;
  private static final int VERSIONS = 10;

  @Test
  void shuffledVersionsLeaveTheHighestCurrent() throws Exception {
    try (Pipeline pipeline = new Pipeline(Map.of()).startWorker()) {
      UUID owner = UUID.randomUUID();
      List<UUID> projects = new ArrayList<>();
      List<Runnable> sends = new ArrayList<>();
      for (int s = 0; s < SCENES; s++) {
        UUID project = UUID.randomUUID();
        projects.add(project);
        for (int v = 1; v <= VERSIONS; v++) {
          String path = "/" + project + "/" + v + ".png";
          pipeline.source.serve(path, "image/png", SampleImages.png(s * 100 + v));
          var event = Events.image(project, owner, "scene", v, pipeline.source.url(path));
          sends.add(() -> pipeline.publish(event, MediaKind.IMAGE));
        }
      }
      Collections.shuffle(sends, new Random(20261122L));
      sends.forEach(Runnable::run);
      pipeline.flush();
      pipeline.await(SCENES * VERSIONS, o -> o.stored() != null, Duration.ofMinutes(2));

      try (Connection db = pipeline.db();
          PreparedStatement q =
              db.prepareStatement(
                  "select count(*) filter (where is_current), max(version) filter (where is_current),"
                      + " count(*), current_asset_url(?, 'scene', 0)"
                      + " from assets where project_id = ? and scene_id = 'scene'")) {
        for (UUID project : projects) {
          q.setObject(1, project);
          q.setObject(2, project);
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("current rows of %s", project).isEqualTo(1);
            assertThat(rs.getInt(2)).as("current version of %s", project).isEqualTo(VERSIONS);
            assertThat(rs.getInt(3)).isEqualTo(VERSIONS);
            assertThat(rs.getString(4))
                .startsWith("s3://mediakeep-project/" + owner + "/" + project + "/scene/v10-0-");
          }
        }
      }
    }
  }
}
