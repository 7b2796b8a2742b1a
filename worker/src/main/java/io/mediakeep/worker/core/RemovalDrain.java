package io.mediakeep.worker.core;

import io.mediakeep.contracts.LifecycleEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out queued removals: deletes their objects, then publishes their events, then lets the
 * queue mark them done. An object is always gone before its event is out, and a removal is done
 * only once both are; whatever fails stays queued for the next drain.
 */
public final class RemovalDrain {

  private static final Logger log = LoggerFactory.getLogger(RemovalDrain.class);

  /** What a drain did: removals done, their bytes, and removals it could not finish. */
  public record Result(int done, long bytes, int failed) {

    static final Result NONE = new Result(0, 0, 0);

    Result plus(Result other) {
      return new Result(done + other.done, bytes + other.bytes, failed + other.failed);
    }
  }

  private final RemovalQueue queue;
  private final ObjectStore store;
  private final LifecycleSink sink;
  private final LifecycleObserver observer;

  public RemovalDrain(
      RemovalQueue queue, ObjectStore store, LifecycleSink sink, LifecycleObserver observer) {
    this.queue = queue;
    this.store = store;
    this.sink = sink;
    this.observer = observer;
  }

  /**
   * Drains the selected removals, {@code batch} at a time, until none is left or a batch could not
   * be finished (the store or Kafka is down: the next drain tries again).
   */
  public Result drain(RemovalQueue.Selection which, int batch) {
    Result total = Result.NONE;
    while (true) {
      Result[] outcome = {Result.NONE};
      List<Removal> claimed =
          queue.drain(
              which,
              batch,
              removals -> {
                Set<Long> done = carryOut(removals);
                long bytes =
                    removals.stream()
                        .filter(r -> done.contains(r.id()))
                        .mapToLong(Removal::sizeBytes)
                        .sum();
                outcome[0] = new Result(done.size(), bytes, removals.size() - done.size());
                return done;
              });
      total = total.plus(outcome[0]);
      if (outcome[0].done() > 0) {
        observer.removed(outcome[0].done(), outcome[0].bytes());
      }
      if (claimed.size() < batch
          || outcome[0].failed() > 0
          || which instanceof RemovalQueue.Selection.Ids) {
        return total;
      }
    }
  }

  private Set<Long> carryOut(List<Removal> removals) {
    Map<String, List<Removal>> byBucket = new LinkedHashMap<>();
    for (Removal removal : removals) {
      byBucket.computeIfAbsent(removal.bucket(), b -> new ArrayList<>()).add(removal);
    }
    List<Removal> gone = new ArrayList<>();
    byBucket.forEach(
        (bucket, inBucket) -> {
          Set<String> failed;
          try {
            failed =
                new HashSet<>(
                    store.deleteAll(bucket, inBucket.stream().map(Removal::objectKey).toList()));
          } catch (Exception e) {
            observer.failed(Dependency.S3);
            log.warn(
                "could not delete {} objects in {}: {}", inBucket.size(), bucket, e.toString());
            return;
          }
          if (!failed.isEmpty()) {
            observer.failed(Dependency.S3);
            log.warn(
                "could not delete {} of {} objects in {}", failed.size(), inBucket.size(), bucket);
          }
          inBucket.stream().filter(r -> !failed.contains(r.objectKey())).forEach(gone::add);
        });
    if (!gone.isEmpty()) {
      CrashPoint.OBJECTS_DELETED.reached();
    }
    List<LifecycleEvent> events =
        gone.stream().map(Removal::event).filter(Objects::nonNull).toList();
    try {
      sink.publish(events);
    } catch (Exception e) {
      observer.failed(Dependency.KAFKA);
      log.warn("could not publish {} lifecycle events: {}", events.size(), e.toString());
      return Set.of();
    }
    CrashPoint.REMOVALS_PUBLISHED.reached();
    Set<Long> done = new HashSet<>();
    gone.forEach(r -> done.add(r.id()));
    return done;
  }
}
