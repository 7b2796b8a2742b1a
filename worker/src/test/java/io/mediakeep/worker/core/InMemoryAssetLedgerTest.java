package io.mediakeep.worker.core;

class InMemoryAssetLedgerTest extends AssetLedgerContract {

  private final InMemoryAssetLedger ledger = new InMemoryAssetLedger();

  @Override
  protected AssetLedger ledger() {
    return ledger;
  }
}
