package io.mediakeep.worker.core;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import java.util.UUID;

/**
 * The name-based ids of assets and of their asset-stored events: UUIDv5, in one namespace, of a
 * prefix and the key's {@linkplain AssetKey#canonical() canonical form}. Every id already stored or
 * published was made this way, so neither the namespace, the prefixes nor the canonical form may
 * ever change; {@code AssetIdsTest} pins known ids.
 */
public final class AssetIds {

  /** The namespace of mediakeep's name-based ids; fixed forever. */
  static final UUID NAMESPACE = UUID.fromString("5b1f4f2e-3c1d-4a43-9e0b-6d8c2a6f1e01");

  private static final NameBasedGenerator IDS = Generators.nameBasedGenerator(NAMESPACE);

  private AssetIds() {}

  /** The id of the asset stored under {@code key}: its row's primary key. */
  public static UUID asset(AssetKey key) {
    return IDS.generate("asset:" + key.canonical());
  }

  /** The id of the asset-stored event of {@code key}: a replay republishes the same id. */
  public static UUID assetStored(AssetKey key) {
    return IDS.generate("asset-stored:" + key.canonical());
  }
}
