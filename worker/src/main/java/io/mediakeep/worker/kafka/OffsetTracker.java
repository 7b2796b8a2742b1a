package io.mediakeep.worker.kafka;

import java.util.TreeSet;

/**
 * The offsets of one partition that were handed out but are not durable yet. The committable offset
 * is the first unfinished one, so a commit never passes a record whose effects could still be lost.
 * Used only from the poll thread.
 */
final class OffsetTracker {

  private final TreeSet<Long> pending = new TreeSet<>();
  private long next = -1;
  private long committed = -1;

  void started(long offset) {
    pending.add(offset);
    next = Math.max(next, offset + 1);
  }

  void finished(long offset) {
    pending.remove(offset);
  }

  /** The offset to commit now, or -1 when there is nothing new to commit. */
  long committable() {
    if (next < 0) {
      return -1;
    }
    long offset = pending.isEmpty() ? next : pending.first();
    return offset > committed ? offset : -1;
  }

  void committed(long offset) {
    committed = Math.max(committed, offset);
  }
}
