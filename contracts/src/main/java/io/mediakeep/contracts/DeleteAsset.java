package io.mediakeep.contracts;

import java.util.UUID;

/**
 * Data of a {@code media.asset.delete} command: {@code assetId} names an asset or a library entry.
 */
public record DeleteAsset(UUID assetId, UUID ownerId) implements AssetCommand {}
