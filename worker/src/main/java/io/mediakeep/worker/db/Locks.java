package io.mediakeep.worker.db;

import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The transaction-scoped advisory locks that keep writers of one scene, or of one owner, from
 * interleaving. Every writer names them the same way, here.
 */
final class Locks {

  private Locks() {}

  /**
   * The name of a scene's lock: recording a version, and tombstoning one, take it, so that the
   * current flag of a scene is moved by one transaction at a time.
   */
  static String scene(UUID projectId, String sceneId, int variant) {
    return projectId + "/" + sceneId + "/" + variant;
  }

  /** Waits for the scene's lock. */
  static Field<Object> awaitScene(UUID projectId, String sceneId, int variant) {
    return awaitScene(DSL.val(scene(projectId, sceneId, variant)));
  }

  /** Waits for the lock of the scene {@code name} names ({@link #scene}). */
  static Field<Object> awaitScene(Field<String> name) {
    return DSL.field("pg_advisory_xact_lock(hashtextextended({0}, 0))", Object.class, name);
  }

  /**
   * Shared by every recording of one of the owner's assets, exclusive for the start of a purge of
   * the owner: a purge waits for the recordings under way, and a recording that starts later sees
   * the purge's marker.
   */
  static Field<Object> shareOwner(UUID ownerId) {
    return shareOwner(DSL.val(owner(ownerId)));
  }

  /** {@link #shareOwner(UUID)} for the owner lock {@code name} names ({@link #owner}). */
  static Field<Object> shareOwner(Field<String> name) {
    return DSL.field("pg_advisory_xact_lock_shared(hashtextextended({0}, 0))", Object.class, name);
  }

  static Field<Object> holdOwner(UUID ownerId) {
    return DSL.field(
        "pg_advisory_xact_lock(hashtextextended({0}, 0))", Object.class, DSL.val(owner(ownerId)));
  }

  /**
   * The owner's library lock, as {@code lock_library} in V5 names it: every change to one owner's
   * library takes it first, so changes of one library never interleave, nor deadlock.
   */
  static Field<Object> holdLibrary(UUID ownerId) {
    return DSL.field(
        "pg_advisory_xact_lock(hashtextextended({0}, 0))",
        Object.class, DSL.val("library:" + ownerId));
  }

  static String owner(UUID ownerId) {
    return "owner:" + ownerId;
  }

  /** Binds the transaction to one owner, as the row security of deletes and the library want. */
  static void bindOwner(DSLContext tx, UUID ownerId) {
    tx.fetchValue("select set_config(?, ?, true)", TenantReads.OWNER_SETTING, ownerId.toString());
  }
}
