package io.mediakeep.worker.it;

import io.mediakeep.worker.core.AssetLedger;
import io.mediakeep.worker.core.AssetLedgerContract;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.JooqAssetLedger;
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
}
