package io.mediakeep.worker.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Legacy projects from a JSON-lines file, one project a line: {@code id}, {@code user_id}, {@code
 * generated_output} and, optionally, {@code generated_images} as the JDBC source reads them. Lines
 * are read in file order; blank lines are passed over.
 */
public final class FileLegacySource implements LegacySource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public FileLegacySource(Path file) {
    this.file = file;
  }

  @Override
  public long count(String afterId) throws Exception {
    long[] count = {0};
    read(
        afterId,
        new Visitor() {
          @Override
          public void project(LegacyProject project) {
            count[0]++;
          }

          @Override
          public void unreadable(String where, String problem) {}
        });
    return count[0];
  }

  @Override
  public void read(String afterId, Visitor visitor) throws Exception {
    boolean skipping = afterId != null;
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode project;
        try {
          project = JSON.readTree(line);
        } catch (Exception e) {
          if (!skipping) {
            visitor.unreadable(file.getFileName() + " line " + number, "not JSON");
          }
          continue;
        }
        String id = project.path("id").asText(null);
        if (skipping) {
          skipping = !afterId.equals(id);
          continue;
        }
        if (id == null || !project.isObject()) {
          visitor.unreadable(file.getFileName() + " line " + number, "no project id");
          continue;
        }
        JsonNode images = project.path("generated_images");
        JsonNode output = project.get("generated_output");
        if (output != null && output.isTextual()) {
          // An export may carry the jsonb as text.
          try {
            output = JSON.readTree(output.textValue());
          } catch (Exception e) {
            visitor.unreadable("project " + id, "generated_output is text that is not JSON");
            continue;
          }
        }
        visitor.project(
            new LegacyProject(
                id,
                project.path("user_id").asText(null),
                output,
                images.isArray() ? JdbcLegacySource.rows(images.toString()) : List.of()));
      }
    }
  }

  @Override
  public void close() {}
}
