package io.mediakeep.worker.backfill;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import io.mediakeep.contracts.AssetRole;
import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.Retention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns legacy projects into media-generated events, one per image, that the normal pipeline then
 * stores. Each event's id is a UUIDv5 of (project, scene position, image index, URL), its key
 * (project, {@code scene-<position>}, version 1, variant = image index): running the backfill again
 * publishes nothing that is stored already, and an event published twice is stored once.
 */
public final class BackfillRun {

  /** The namespace of backfill event ids; fixed forever. */
  static final UUID NAMESPACE = UUID.fromString("7a1e2c3d-4b5f-4a6e-9c8d-0f1e2d3c4b5a");

  private static final NameBasedGenerator IDS = Generators.nameBasedGenerator(NAMESPACE);

  /** What the run did; the reports name each project and what was wrong with it. */
  public record Summary(
      long projects,
      long images,
      long alreadyStored,
      long published,
      long skipped,
      List<String> reports) {}

  /** The keys stored already of a project, as {@code scene-<position>/<variant>}, version 1. */
  @FunctionalInterface
  public interface Stored {
    Set<String> keys(UUID projectId) throws Exception;
  }

  /** Sends one project's events and returns once Kafka has acknowledged them all. */
  @FunctionalInterface
  public interface Publisher {
    void publish(List<Event> events) throws Exception;
  }

  /** After each project: where a resumed run starts again. */
  @FunctionalInterface
  public interface Checkpoint {
    void done(String projectId) throws Exception;
  }

  /** Hears the counts after each project. */
  @FunctionalInterface
  public interface Progress {
    void update(long projects, long images, long alreadyStored, long published, long skipped);
  }

  /** An event to publish: its ce_id and data. */
  public record Event(String id, MediaGenerated data) {}

  private final Stored stored;
  private final Publisher publisher;
  private final Checkpoint checkpoint;
  private final boolean dryRun;
  private final Progress progress;
  private long projects;
  private long images;
  private long alreadyStored;
  private long published;
  private long skipped;
  private final List<String> reports = new ArrayList<>();

  public BackfillRun(
      Stored stored,
      Publisher publisher,
      Checkpoint checkpoint,
      boolean dryRun,
      Progress progress) {
    this.stored = stored;
    this.publisher = publisher;
    this.checkpoint = checkpoint;
    this.dryRun = dryRun;
    this.progress = progress;
  }

  public Summary run(LegacySource source, String afterId) throws Exception {
    source.read(
        afterId,
        new LegacySource.Visitor() {
          @Override
          public void project(LegacyProject project) throws Exception {
            backfill(project);
          }

          @Override
          public void unreadable(String where, String problem) {
            skipped++;
            reports.add(where + ": " + problem + "; skipped");
          }
        });
    return new Summary(projects, images, alreadyStored, published, skipped, List.copyOf(reports));
  }

  private void backfill(LegacyProject project) throws Exception {
    projects++;
    UUID projectId = uuid(project.id());
    UUID ownerId = uuid(project.userId());
    if (projectId == null || ownerId == null) {
      skipped++;
      reports.add("project " + project.id() + ": id or user_id is not a UUID; skipped");
      progress();
      return;
    }
    LegacyImages.Result found = LegacyImages.of(project);
    found.problems().forEach(p -> reports.add("project " + project.id() + ": " + p + "; left out"));
    skipped += found.problems().size();
    Set<String> already = stored.keys(projectId);
    List<Event> events = new ArrayList<>();
    for (LegacyImages.Image image : found.images()) {
      images++;
      String url = image.url();
      if (!(url.startsWith("https://") || url.startsWith("http://") || url.startsWith("data:"))) {
        skipped++;
        reports.add(
            "project "
                + project.id()
                + ": scene "
                + image.position()
                + " image "
                + image.imageIndex()
                + " is not a URL; skipped");
        continue;
      }
      if (already.contains(sceneId(image.position()) + "/" + image.imageIndex())) {
        alreadyStored++;
        continue;
      }
      events.add(event(projectId, ownerId, image));
    }
    if (!dryRun) {
      if (!events.isEmpty()) {
        publisher.publish(events);
      }
      checkpoint.done(project.id());
    }
    published += events.size();
    progress();
  }

  private void progress() {
    progress.update(projects, images, alreadyStored, published, skipped);
  }

  static Event event(UUID projectId, UUID ownerId, LegacyImages.Image image) {
    String id =
        IDS.generate(
                projectId + "/" + image.position() + "/" + image.imageIndex() + "/" + image.url())
            .toString();
    MediaGenerated data =
        new MediaGenerated(
            projectId,
            ownerId,
            sceneId(image.position()),
            1,
            image.imageIndex(),
            image.url(),
            SignedUrls.expiresAt(image.url()).orElse(null),
            Retention.PROJECT,
            new Generation(
                image.provider(), image.model(), image.prompt(), null, null, null, Map.of()),
            "backfill",
            AssetRole.SCENE_IMAGE,
            image.position(),
            null);
    return new Event(id, data);
  }

  static String sceneId(int position) {
    return "scene-" + position;
  }

  private static UUID uuid(String text) {
    try {
      return text == null ? null : UUID.fromString(text.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
