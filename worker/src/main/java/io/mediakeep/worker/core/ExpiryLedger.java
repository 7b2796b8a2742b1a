package io.mediakeep.worker.core;

import java.time.Instant;
import java.util.List;

/** The workspace assets past their expiry, and their turning into tombstones. */
public interface ExpiryLedger {

  /**
   * Tombstones up to {@code max} live workspace assets that expired at {@code now}, and queues the
   * removal of each one's object with its expired event, in one transaction. An asset another
   * sweeper holds, or whose scene is being recorded at this moment, is left for the next batch; so
   * is one whose V4 library entry still needs its object. Where a tombstoned asset was current, the
   * highest live version left in its scene becomes current in the same transaction.
   */
  List<Removal> expire(Instant now, int max);

  /** What a sweep at {@code now} would do, without doing it. */
  Preview preview(Instant now);

  /**
   * Expired live workspace assets (count and bytes), removals still queued, and V4 library entries
   * whose object is still to be copied.
   */
  record Preview(long expiredAssets, long expiredBytes, long queuedRemovals, long pendingCopies) {}
}
