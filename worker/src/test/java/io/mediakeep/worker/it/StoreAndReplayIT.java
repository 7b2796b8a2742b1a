package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.AssetStored;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.worker.local.LocalStack;
import io.mediakeep.worker.local.SampleImages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * 200 events over 4 partitions and 20 projects end up as 200 rows, 200 objects whose SHA-256 equals
 * the source and 200 asset-stored events; sending all 200 again downloads nothing and creates no
 * row, no object and no new event id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreAndReplayIT {

  private static final int EVENTS = 200;
  private static final int PROJECTS = 20;

  private final UUID owner = UUID.randomUUID();
  private final List<UUID> projects = new ArrayList<>();
  private final List<MediaGenerated> inputs = new ArrayList<>();
  private final List<String> inputIds = new ArrayList<>();
  private final Map<String, String> sourceSha = new HashMap<>();
  private final Set<UUID> firstEventIds = new HashSet<>();
  private Pipeline pipeline;

  @BeforeAll
  void start() throws Exception {
    pipeline = new Pipeline(Map.of()).startWorker();
    for (int p = 0; p < PROJECTS; p++) {
      projects.add(UUID.randomUUID());
    }
    for (int i = 0; i < EVENTS; i++) {
      byte[] png = SampleImages.png(i);
      String path = "/img/" + i + ".png";
      pipeline.source.serve(path, "image/png", png);
      MediaGenerated event =
          Events.image(
              projects.get(i % PROJECTS), owner, "scene-" + i, 1, pipeline.source.url(path));
      inputs.add(event);
      inputIds.add(UUID.randomUUID().toString());
      sourceSha.put(event.sceneId(), Sha256.hex(png));
    }
  }

  @AfterAll
  void stop() {
    pipeline.close();
  }

  @Test
  @Order(1)
  void everyEventBecomesOneRowOneObjectAndOneStoredEvent() throws Exception {
    for (int i = 0; i < EVENTS; i++) {
      pipeline.publish(inputIds.get(i), inputs.get(i), MediaKind.IMAGE);
    }
    pipeline.flush();

    List<Pipeline.Output> outputs =
        pipeline.await(EVENTS, o -> o.stored() != null, Duration.ofMinutes(2));
    for (Pipeline.Output output : outputs) {
      AssetStored stored = output.stored();
      firstEventIds.add(stored.eventId());
      assertThat(stored.sha256()).isEqualTo(sourceSha.get(stored.sceneId()));
      assertThat(stored.contentType()).isEqualTo("image/png");
      assertThat(stored.width()).isEqualTo(320);
      assertThat(stored.height()).isEqualTo(180);
      assertThat(stored.objectKey())
          .isEqualTo(
              owner
                  + "/"
                  + stored.projectId()
                  + "/"
                  + stored.sceneId()
                  + "/v1-0-"
                  + stored.sha256().substring(0, 16)
                  + ".png");
      assertThat(inputIds).contains(stored.causationId());
    }
    assertThat(firstEventIds).hasSize(EVENTS);
    assertThat(pipeline.drain(Duration.ofSeconds(1)))
        .as("no rejections, no extra events")
        .isEmpty();

    assertThat(rowCount()).isEqualTo(EVENTS);
    assertThat(objectsMatchingSources()).isEqualTo(EVENTS);
    assertThat(pipeline.source.requests()).isEqualTo(EVENTS);
    pipeline.awaitCommittedToEnd();
  }

  @Test
  @Order(2)
  void sendingEverythingAgainChangesNothing() throws Exception {
    long requestsBefore = pipeline.source.requests();
    for (int i = 0; i < EVENTS; i++) {
      pipeline.publish(inputIds.get(i), inputs.get(i), MediaKind.IMAGE);
    }
    pipeline.flush();

    List<Pipeline.Output> outputs =
        pipeline.await(EVENTS, o -> o.stored() != null, Duration.ofMinutes(2));
    Set<UUID> replayIds = new HashSet<>();
    outputs.forEach(o -> replayIds.add(o.stored().eventId()));
    assertThat(replayIds).isEqualTo(firstEventIds);
    assertThat(pipeline.drain(Duration.ofSeconds(1))).isEmpty();

    assertThat(pipeline.source.requests()).as("no download on replay").isEqualTo(requestsBefore);
    assertThat(rowCount()).isEqualTo(EVENTS);
    assertThat(objectsMatchingSources()).isEqualTo(EVENTS);
    pipeline.awaitCommittedToEnd();
  }

  private int rowCount() throws Exception {
    try (Connection db = pipeline.db();
        PreparedStatement query =
            db.prepareStatement("select count(*) from assets where owner_id = ?")) {
      query.setObject(1, owner);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Counts the owner's objects whose bytes hash to their source's SHA-256; fails on others. */
  private int objectsMatchingSources() {
    int matching = 0;
    try (S3Client s3 = pipeline.stack.s3Client()) {
      List<S3Object> objects =
          s3
              .listObjectsV2Paginator(b -> b.bucket(LocalStack.PROJECT_BUCKET).prefix(owner + "/"))
              .contents()
              .stream()
              .toList();
      for (S3Object object : objects) {
        ResponseBytes<GetObjectResponse> body =
            s3.getObjectAsBytes(b -> b.bucket(LocalStack.PROJECT_BUCKET).key(object.key()));
        String scene = object.key().split("/")[2];
        assertThat(Sha256.hex(body.asByteArray())).isEqualTo(sourceSha.get(scene));
        HeadObjectResponse head =
            s3.headObject(b -> b.bucket(LocalStack.PROJECT_BUCKET).key(object.key()));
        assertThat(head.contentType()).isEqualTo("image/png");
        matching++;
      }
    }
    return matching;
  }
}
