package io.mediakeep.worker.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A project of the old app as its tables hold it: {@code content_creation_requests.id} and {@code
 * user_id}, the {@code generated_output} document (null when absent), and its {@code
 * generated_images} rows. The ids are text as read; they are checked when the project is read.
 */
public record LegacyProject(
    String id, String userId, JsonNode generatedOutput, List<ImageRow> rows) {

  /** A row of {@code generated_images}. */
  public record ImageRow(int sceneIndex, int imageIndex, String imageUrl) {}
}
