package io.mediakeep.worker.backfill;

/** Where legacy projects come from: the old app's PostgreSQL, or a JSON-lines export of it. */
public interface LegacySource extends AutoCloseable {

  /** Hears each project in order, and what could not be read at all. */
  interface Visitor {
    void project(LegacyProject project) throws Exception;

    void unreadable(String where, String problem);
  }

  /** How many projects {@link #read} would visit after {@code afterId} (null: from the start). */
  long count(String afterId) throws Exception;

  /**
   * Visits the projects in a stable order, from the one after {@code afterId} (null: the first).
   */
  void read(String afterId, Visitor visitor) throws Exception;

  @Override
  void close() throws Exception;
}
