package io.mediakeep.worker.core;

class InMemoryAssetLedgerTest extends AssetLedgerContract {

  private final InMemoryAssetLedger ledger = new InMemoryAssetLedger();

  @Override
  protected AssetLedger ledger() {
    return ledger;
  }

  @Override
  protected void tombstone(AssetKey key, AssetState state) {
    ledger.tombstone(key, state);
  }

  @Override
  protected void purged(java.util.UUID ownerId, java.time.Instant at) {
    ledger.purged(ownerId, at);
  }
}
