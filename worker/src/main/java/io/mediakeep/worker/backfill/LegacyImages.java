package io.mediakeep.worker.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images of a legacy project, as the old project API merged them: each scene of {@code
 * generated_output.scenes[]} at its position ({@code index}, else its 1-based place), its {@code
 * imageUrls[]} in order, then the rows of {@code generated_images}, which take precedence for the
 * same scene position and image index. A document that is not of that shape is reported and its
 * part left out; the rows are taken still.
 */
public final class LegacyImages {

  /** One image to back up: where it sits and where it is. */
  public record Image(
      int position, int imageIndex, String url, String provider, String model, String prompt) {}

  /** The images found, and what could not be read, in words for the report. */
  public record Result(List<Image> images, List<String> problems) {}

  private LegacyImages() {}

  public static Result of(LegacyProject project) {
    List<String> problems = new ArrayList<>();
    Map<Long, Image> byPlace = new TreeMap<>();
    JsonNode output = project.generatedOutput();
    String provider = text(output, "provider", "legacy");
    String model = text(output, "model", "unknown");
    if (output != null && !output.isNull()) {
      JsonNode scenes = output.path("scenes");
      if (!output.isObject() || !scenes.isArray()) {
        problems.add("generated_output has no scenes array");
      } else {
        for (int place = 0; place < scenes.size(); place++) {
          JsonNode scene = scenes.get(place);
          if (!scene.isObject()) {
            problems.add("scenes[" + place + "] is not an object");
            continue;
          }
          JsonNode index = scene.path("index");
          int position =
              index.canConvertToInt() && index.isIntegralNumber() ? index.asInt() : place + 1;
          if (position < 0) {
            problems.add("scenes[" + place + "].index is negative");
            continue;
          }
          JsonNode urls = scene.path("imageUrls");
          if (urls.isMissingNode() || urls.isNull()) {
            continue;
          }
          if (!urls.isArray()) {
            problems.add("scenes[" + place + "].imageUrls is not an array");
            continue;
          }
          for (int i = 0; i < urls.size(); i++) {
            JsonNode url = urls.get(i);
            if (!url.isTextual() || url.textValue().isBlank()) {
              problems.add("scenes[" + place + "].imageUrls[" + i + "] is not a URL");
              continue;
            }
            byPlace.put(
                place(position, i),
                new Image(
                    position,
                    i,
                    url.textValue().strip(),
                    text(scene, "provider", provider),
                    text(scene, "model", model),
                    text(scene, "prompt", text(scene, "imagePrompt", null))));
          }
        }
      }
    }
    for (LegacyProject.ImageRow row : project.rows()) {
      if (row.sceneIndex() < 0
          || row.imageIndex() < 0
          || row.imageUrl() == null
          || row.imageUrl().isBlank()) {
        problems.add(
            "generated_images row (scene "
                + row.sceneIndex()
                + ", image "
                + row.imageIndex()
                + ") is unusable");
        continue;
      }
      Image fromDocument = byPlace.get(place(row.sceneIndex(), row.imageIndex()));
      byPlace.put(
          place(row.sceneIndex(), row.imageIndex()),
          new Image(
              row.sceneIndex(),
              row.imageIndex(),
              row.imageUrl().strip(),
              fromDocument == null ? provider : fromDocument.provider(),
              fromDocument == null ? model : fromDocument.model(),
              fromDocument == null ? null : fromDocument.prompt()));
    }
    return new Result(List.copyOf(byPlace.values()), problems);
  }

  private static long place(int position, int imageIndex) {
    return (long) position << 32 | imageIndex;
  }

  private static String text(JsonNode node, String field, String fallback) {
    if (node == null || !node.isObject()) {
      return fallback;
    }
    JsonNode value = node.path(field);
    return value.isTextual() && !value.textValue().isBlank() ? value.textValue() : fallback;
  }
}
