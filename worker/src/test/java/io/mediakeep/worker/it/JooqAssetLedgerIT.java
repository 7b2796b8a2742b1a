package io.mediakeep.worker.it;

import static io.mediakeep.db.jooq.Tables.OWNER_PURGES;

import io.mediakeep.worker.core.AssetKey;
import io.mediakeep.worker.core.AssetLedger;
import io.mediakeep.worker.core.AssetLedgerContract;
import io.mediakeep.worker.core.AssetState;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.JooqAssetLedger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ledger contract against real PostgreSQL, schema from the Flyway migrations. */
class JooqAssetLedgerIT extends AssetLedgerContract {

  private static Database database;
  private static JooqAssetLedger ledger;

  @BeforeAll
  static void connect() {
    database = Database.connect(SharedStack.db(16), null);
    database.migrate();
    ledger = new JooqAssetLedger(database.dsl());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  protected AssetLedger ledger() {
    return ledger;
  }

  @Override
  protected void tombstone(AssetKey key, AssetState state) {
    database
        .dsl()
        .execute(
            "update assets set state = ?, removed_at = now(), is_current = false,"
                + " source_url = null, prompt = null"
                + " where project_id = ? and scene_id = ? and version = ? and variant = ?",
            state.dbName(),
            key.projectId(),
            key.sceneId(),
            key.version(),
            key.variant());
  }

  @Override
  protected void purged(UUID ownerId, Instant at) {
    database
        .dsl()
        .insertInto(OWNER_PURGES)
        .set(OWNER_PURGES.OWNER_ID, ownerId)
        .set(OWNER_PURGES.PURGED_AT, at.atOffset(ZoneOffset.UTC))
        .set(OWNER_PURGES.COMMAND_ID, "test")
        .execute();
  }
}
