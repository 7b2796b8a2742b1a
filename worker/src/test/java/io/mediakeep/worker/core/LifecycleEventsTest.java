package io.mediakeep.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle ids are permanent: consumers deduplicate on them, and a library entry's id is
 * derived from its asset's. These values were computed apart from the code (Python's uuid.uuid5 in
 * mediakeep's namespace) and must never change.
 */
class LifecycleEventsTest {

  private static final UUID ASSET = UUID.fromString("e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8");

  @Test
  void idsAreUuidV5OfWhatTheyAreAbout() {
    UUID entry = LifecycleEvents.libraryAssetId(ASSET);

    assertThat(entry).hasToString("a466d920-1675-50df-8424-98e8c5a65270");
    assertThat(LifecycleEvents.promotedId(entry))
        .hasToString("80ebfcd5-1a5e-5577-a41f-0a738fae755f");
    assertThat(LifecycleEvents.expiredId(ASSET))
        .hasToString("fec14781-8d17-556e-aaa6-63f5e3a03f70");
    assertThat(LifecycleEvents.deletedId(ASSET))
        .hasToString("48021050-a669-54bb-b182-aeff5474c5aa");
    assertThat(LifecycleEvents.purgedId("3f4a5b6c-7d8e-4f9a-8b1c-2d3e4f5a6b7c"))
        .hasToString("e180f2d1-0d95-5b6e-8de4-0d8dc0dbc101");
    assertThat(entry.version()).isEqualTo(5);
  }

  @Test
  void theLibraryKeyKeepsTheSourceExtensionOnly() {
    UUID owner = UUID.fromString("7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c51");
    UUID entry = LifecycleEvents.libraryAssetId(ASSET);

    assertThat(StorageLayout.libraryKey(owner, entry, owner + "/p/scene.v2/v1-0-abc.webp"))
        .isEqualTo(owner + "/" + entry + ".webp");
    assertThat(StorageLayout.libraryKey(owner, entry, owner + "/p.x/noext"))
        .isEqualTo(owner + "/" + entry);
  }
}
