package io.mediakeep.worker.core;

import java.util.Locale;

/**
 * Where an asset is in its life: stored, or a tombstone that keeps its key from being stored again.
 */
public enum AssetState {
  LIVE,
  /** A workspace asset past its expiry: the sweep deleted its object. */
  EXPIRED,
  /** Removed by a delete command. */
  DELETED;

  /** The value of the {@code state} column. */
  public String dbName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AssetState ofDbName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
