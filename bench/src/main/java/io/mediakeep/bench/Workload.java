package io.mediakeep.bench;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.KafkaMessage;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of one run: {@code count} image-generated events over 20 projects, each scene once,
 * each pointing at its own path on the source. Nine in ten name a typical image (about 200 KiB),
 * eight in a hundred a 2 MiB one and two in a hundred a 10 MiB one, spread evenly through the run.
 */
final class Workload {

  /** One event, its key in the outputs and the bytes it should store. */
  record Event(String key, String path, KafkaMessage message, long bytes, boolean slow) {}

  static final UUID OWNER = UUID.fromString("00000000-0000-4000-8000-0000000be7c0");
  private static final int PROJECTS = 20;

  private final List<Event> events;
  private final long totalBytes;

  private Workload(List<Event> events) {
    this.events = List.copyOf(events);
    this.totalBytes = events.stream().mapToLong(Event::bytes).sum();
  }

  List<Event> events() {
    return events;
  }

  long totalBytes() {
    return totalBytes;
  }

  /** Builds the events of run {@code run} and serves their sources as {@code sources} says. */
  static Workload create(
      String run, int count, List<Images.Image> images, Source source, Sources sources) {
    List<Images.Image> typical = byPrefix(images, "typical");
    List<Images.Image> medium = byPrefix(images, "medium");
    List<Images.Image> large = byPrefix(images, "large");
    List<UUID> projects = new ArrayList<>();
    for (int p = 0; p < PROJECTS; p++) {
      projects.add(UUID.nameUUIDFromBytes((run + "/project/" + p).getBytes()));
    }
    EventCodec codec = new EventCodec();
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Images.Image image = pick(i, typical, medium, large);
      String path = "/" + run + "/" + i + ".png";
      boolean slow = sources.slow(i);
      source.serve(
          path,
          image.bytes(),
          slow ? sources.slowDelay() : sources.latency(),
          sources.bytesPerSecond());
      UUID project = projects.get(i % PROJECTS);
      events.add(
          event(
              codec,
              project,
              "scene-" + i,
              i,
              source.url(path),
              path,
              MediaKind.IMAGE,
              image.bytes().length,
              slow));
    }
    return new Workload(events);
  }

  /**
   * One video of {@code videoBytes} (a real MP4's ftyp and moov boxes and one mdat box of zeros,
   * streamed by the source) and {@code images} images of about 9.5 MiB, all published at once.
   */
  static Workload large(
      String run, long videoBytes, int images, List<Images.Image> set, Source source) {
    List<Images.Image> large = byPrefix(set, "large");
    UUID project = UUID.nameUUIDFromBytes((run + "/project").getBytes());
    EventCodec codec = new EventCodec();
    List<Event> events = new ArrayList<>();
    String videoPath = "/" + run + "/video.mp4";
    source.serveMp4(videoPath, videoBytes);
    events.add(
        event(
            codec,
            project,
            "video",
            0,
            source.url(videoPath),
            videoPath,
            MediaKind.VIDEO,
            videoBytes,
            false));
    for (int i = 1; i <= images; i++) {
      Images.Image image = large.get(i % large.size());
      String path = "/" + run + "/" + i + ".png";
      source.serve(path, image.bytes());
      events.add(
          event(
              codec,
              project,
              "scene-" + i,
              i,
              source.url(path),
              path,
              MediaKind.IMAGE,
              image.bytes().length,
              false));
    }
    return new Workload(events);
  }

  private static Event event(
      EventCodec codec,
      UUID project,
      String scene,
      int i,
      String url,
      String path,
      MediaKind kind,
      long bytes,
      boolean slow) {
    MediaGenerated data =
        new MediaGenerated(
            project,
            OWNER,
            scene,
            1,
            0,
            url,
            Instant.now().plus(Duration.ofHours(6)),
            Retention.PROJECT,
            new Generation("bench", "noise-v1", "noise #" + i, (long) i, null, null, Map.of()),
            null);
    KafkaMessage message =
        codec.encodeGenerated(
            UUID.randomUUID().toString(), "/mediakeep/bench", kind, data, Instant.now());
    return new Event(key(project.toString(), scene, 1), path, message, bytes, slow);
  }

  static String key(String project, String scene, int version) {
    return project + "/" + scene + "/v" + version;
  }

  private static Images.Image pick(
      int i, List<Images.Image> typical, List<Images.Image> medium, List<Images.Image> large) {
    int slot = i % 50;
    if (slot == 25 && !large.isEmpty()) {
      return large.get((i / 50) % large.size());
    }
    if (slot % 12 == 6 && !medium.isEmpty()) {
      return medium.get((i / 12) % medium.size());
    }
    return typical.get(i % typical.size());
  }

  private static List<Images.Image> byPrefix(List<Images.Image> images, String prefix) {
    return images.stream().filter(im -> im.name().startsWith(prefix)).toList();
  }
}
