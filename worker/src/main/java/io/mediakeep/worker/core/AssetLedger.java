package io.mediakeep.worker.core;

import java.util.Optional;

/** The durable record of stored assets, keyed by {@link AssetKey}. */
public interface AssetLedger {

  Optional<StoredAsset> find(AssetKey key);

  /**
   * Inserts the asset unless its key is taken, then makes the highest stored version of its scene
   * and variant the current one, in one transaction. Returns the row that holds the key afterwards,
   * which is the new one only when {@code inserted} is true. A project belongs to the owner of its
   * first asset: when another owner already holds rows in the asset's project, nothing is written
   * and the result says {@link Recorded#foreignProject()}.
   */
  Recorded record(NewAsset asset);

  /**
   * What {@link #record} left in the ledger: the row that holds the key, or, for a project of
   * another owner, no row at all ({@code asset} is null and {@code foreignProject} true).
   */
  record Recorded(StoredAsset asset, boolean inserted, boolean foreignProject) {

    public static Recorded inserted(StoredAsset asset) {
      return new Recorded(asset, true, false);
    }

    public static Recorded existing(StoredAsset asset) {
      return new Recorded(asset, false, false);
    }

    public static Recorded foreign() {
      return new Recorded(null, false, true);
    }
  }
}
