package io.mediakeep.worker.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds where a bucket and the rows that name its objects have drifted apart: objects no row names
 * (older than a grace period, so an upload whose row is not yet committed is left alone), and live
 * rows whose object is missing or has another size. The object listing and the rows are read side
 * by side, both in the byte order of the key, a page at a time, so memory stays bounded however
 * many millions there are.
 *
 * <p>Only rows written before the listing started are judged: a row's object is uploaded before the
 * row, so such an object must be in the listing. Every finding is checked again before it is fixed
 * ({@link ReconcileLedger#lose}, {@link ReconcileLedger#isNamed}), since the sweep, commands and
 * the workers go on meanwhile.
 */
public final class Reconciliation {

  /** One object of the listing. */
  public record ListedObject(String key, long sizeBytes, Instant lastModified) {}

  /** What a row names: its kind, whether its object must exist, and the size it must have. */
  public enum RowKind {
    /** A live asset: its object must be there, with its size. */
    ASSET,
    /** A library entry with its own object: the same. */
    LIBRARY,
    /** An object that is being removed, or that a pending library copy still reads: left alone. */
    KNOWN
  }

  /** One row that names an object. */
  public record NamedObject(
      String key, RowKind kind, UUID id, UUID ownerId, long sizeBytes, Instant createdAt) {}

  /** Drift found: what it is, where, and the row or object concerned. */
  public sealed interface Finding {
    String bucket();

    String key();

    /** An object no row names, older than the grace period. */
    record Orphan(String bucket, String key, long sizeBytes, Instant lastModified)
        implements Finding {}

    /** A live row whose object is not there. */
    record Missing(String bucket, String key, NamedObject row) implements Finding {}

    /** A live row whose object is there with another size. */
    record WrongSize(String bucket, String key, NamedObject row, long foundSizeBytes)
        implements Finding {}
  }

  /** The objects of a bucket under a prefix, in UTF-8 byte order of the key. */
  public interface ObjectListing {
    Iterator<ListedObject> list(String bucket, String prefix) throws IOException;
  }

  /** The rows that name objects of a bucket, and the fixes. */
  public interface ReconcileLedger {
    /** Rows naming objects under {@code prefix} in {@code bucket}, in UTF-8 byte order of key. */
    Iterator<NamedObject> rows(String bucket, String prefix);

    /** True when a row (of any kind) names the object now. */
    boolean isNamed(String bucket, String key);

    /**
     * Removes the live row of a lost object and queues the removal of what is left of the object
     * with its media.asset.lost event, if the row is still live and still names that object;
     * returns the queued removal's id.
     */
    Optional<Long> lose(String bucket, NamedObject row, Long foundSizeBytes, Instant at);
  }

  /** Counts of a run. */
  public record Summary(
      long objects, long rows, long orphans, long missing, long wrongSize, long orphanBytes) {

    static final Summary NONE = new Summary(0, 0, 0, 0, 0, 0);

    public long findings() {
      return orphans + missing + wrongSize;
    }

    Summary plus(Summary o) {
      return new Summary(
          objects + o.objects,
          rows + o.rows,
          orphans + o.orphans,
          missing + o.missing,
          wrongSize + o.wrongSize,
          orphanBytes + o.orphanBytes);
    }
  }

  /** Hears each finding, and the counts now and then. */
  public interface Listener {
    void found(Finding finding);

    void progress(String bucket, Summary soFar);
  }

  /** Compares keys as S3 orders them: by their UTF-8 bytes, unsigned. */
  public static final Comparator<String> S3_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private static final int PROGRESS_EVERY = 1000;

  private final ObjectListing objects;
  private final ReconcileLedger rows;

  public Reconciliation(ObjectListing objects, ReconcileLedger rows) {
    this.objects = objects;
    this.rows = rows;
  }

  /**
   * Walks one bucket under a prefix. Objects modified after {@code started - grace} are not judged
   * orphans; rows created after {@code started} are not judged at all.
   */
  public Summary scan(
      String bucket, String prefix, Duration grace, Instant started, Listener listener)
      throws IOException {
    Instant orphanBefore = started.minus(grace);
    Iterator<ListedObject> listed = objects.list(bucket, prefix);
    Iterator<NamedObject> named = rows.rows(bucket, prefix);
    ListedObject object = next(listed);
    NamedObject row = next(named);
    long objectCount = 0;
    long rowCount = 0;
    long orphans = 0;
    long missing = 0;
    long wrongSize = 0;
    long orphanBytes = 0;
    long steps = 0;
    while (object != null || row != null) {
      int order = object == null ? 1 : row == null ? -1 : S3_ORDER.compare(object.key(), row.key());
      if (order < 0) {
        objectCount++;
        if (object.lastModified().isBefore(orphanBefore)) {
          orphans++;
          orphanBytes += object.sizeBytes();
          listener.found(
              new Finding.Orphan(bucket, object.key(), object.sizeBytes(), object.lastModified()));
        }
        object = next(listed);
      } else {
        // Every row of this key (an asset and a pending library copy may share one).
        String key = row.key();
        List<NamedObject> same = new ArrayList<>();
        while (row != null && row.key().equals(key)) {
          same.add(row);
          rowCount++;
          row = next(named);
        }
        ListedObject found = order == 0 ? object : null;
        if (found != null) {
          objectCount++;
          object = next(listed);
        }
        for (NamedObject r : same) {
          if (r.kind() == RowKind.KNOWN || !r.createdAt().isBefore(started)) {
            continue;
          }
          if (found == null) {
            missing++;
            listener.found(new Finding.Missing(bucket, key, r));
          } else if (found.sizeBytes() != r.sizeBytes()) {
            wrongSize++;
            listener.found(new Finding.WrongSize(bucket, key, r, found.sizeBytes()));
          }
        }
      }
      if (++steps % PROGRESS_EVERY == 0) {
        listener.progress(
            bucket, new Summary(objectCount, rowCount, orphans, missing, wrongSize, orphanBytes));
      }
    }
    Summary summary = new Summary(objectCount, rowCount, orphans, missing, wrongSize, orphanBytes);
    listener.progress(bucket, summary);
    return summary;
  }

  private static <T> T next(Iterator<T> it) {
    return it.hasNext() ? it.next() : null;
  }
}
