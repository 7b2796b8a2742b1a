package io.mediakeep.worker.db;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Reads on behalf of one owner, over a pool that connects as a member of the reader role. Each read
 * is a read-only transaction that first binds itself to the owner with {@code
 * set_config('mediakeep.owner_id', owner, true)}; row-level security then shows the query that
 * owner's rows of {@code assets}, {@code current_assets} and {@code current_asset_url} and no
 * others.
 *
 * <p>The binding is transaction-local on purpose. It ends with the transaction, by commit or
 * rollback, so a connection goes back to the pool bound to no one and its next borrower, whichever
 * owner that serves, sees no rows until it binds its own. A session-wide {@code SET} would stay
 * with the physical connection and hand one owner's rows to the next borrower: nothing on a reader
 * pool may use one.
 *
 * <p>The binding is no credential: any session of the reader role may bind itself to any owner. It
 * keeps one owner's request from seeing another's rows; deciding which owner a request may act for
 * is the caller's job.
 */
public final class TenantReads {

  /** The setting the reader policies compare {@code owner_id} with. */
  public static final String OWNER_SETTING = "mediakeep.owner_id";

  private final DSLContext dsl;

  public TenantReads(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Runs {@code query} bound to {@code ownerId} and returns its result. The query must use the
   * context it is given: any other runs outside the transaction, and so outside the binding.
   */
  public <T> T read(UUID ownerId, Function<DSLContext, T> query) {
    Objects.requireNonNull(ownerId, "ownerId");
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          tx.execute("set transaction read only");
          tx.fetchValue("select set_config(?, ?, true)", OWNER_SETTING, ownerId.toString());
          return query.apply(tx);
        });
  }
}
