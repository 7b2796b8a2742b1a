package io.mediakeep.worker.core;

import java.util.Optional;

/** The durable record of stored assets, keyed by {@link AssetKey}. */
public interface AssetLedger {

  Optional<StoredAsset> find(AssetKey key);

  /**
   * Inserts the asset unless its key is taken, then makes the highest stored version of its scene
   * and variant the current one, in one transaction. Returns the row that holds the key afterwards,
   * which is the new one only when {@code inserted} is true.
   */
  Recorded record(NewAsset asset);

  /** What {@link #record} left in the ledger. */
  record Recorded(StoredAsset asset, boolean inserted) {}
}
