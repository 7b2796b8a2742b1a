package io.mediakeep.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Ids already stored and published must never change. These were computed by the code before the
 * canonical form existed (UUIDv5 of "asset:" and "asset-stored:" plus AssetKey.toString()) and
 * agree with Python's uuid.uuid5 over the same names.
 */
class AssetIdsTest {

  private static final AssetKey FIRST =
      new AssetKey(UUID.fromString("3f1c1a52-8e0b-4c55-9d7e-0a1b2c3d4e5f"), "scene-01", 1, 0);
  private static final AssetKey SECOND =
      new AssetKey(UUID.fromString("00000000-0000-4000-8000-000000000001"), "s_2-b", 12, 3);

  @Test
  void theCanonicalFormIsTheOneTheIdsWereMadeFrom() {
    assertThat(FIRST.canonical()).isEqualTo("3f1c1a52-8e0b-4c55-9d7e-0a1b2c3d4e5f/scene-01/v1-0");
    assertThat(SECOND.canonical()).isEqualTo("00000000-0000-4000-8000-000000000001/s_2-b/v12-3");
  }

  @Test
  void assetIdsArePinned() {
    assertThat(AssetIds.asset(FIRST))
        .isEqualTo(UUID.fromString("72027d98-7778-5729-9f64-3f445e236e6d"));
    assertThat(AssetIds.asset(SECOND))
        .isEqualTo(UUID.fromString("65147ac2-d16d-5ae9-8cee-dfc10637d92d"));
  }

  @Test
  void assetStoredEventIdsArePinned() {
    assertThat(AssetIds.assetStored(FIRST))
        .isEqualTo(UUID.fromString("8f560739-61d3-5900-b814-dbb7103d4ad7"));
    assertThat(AssetIds.assetStored(SECOND))
        .isEqualTo(UUID.fromString("7a516fde-89e6-519f-98ff-548441db1139"));
  }

  @Test
  void anUpperCaseProjectIdSpellsTheSameKey() {
    AssetKey upper =
        new AssetKey(UUID.fromString("3F1C1A52-8E0B-4C55-9D7E-0A1B2C3D4E5F"), "scene-01", 1, 0);
    assertThat(AssetIds.asset(upper)).isEqualTo(AssetIds.asset(FIRST));
  }
}
