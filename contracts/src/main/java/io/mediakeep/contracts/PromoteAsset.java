package io.mediakeep.contracts;

import java.util.UUID;

/**
 * Data of a {@code media.asset.promote} command: keep the asset in its owner's library, with an
 * optional title and collection ({@code title} and {@code collectionId} may be null).
 */
public record PromoteAsset(UUID assetId, UUID ownerId, String title, UUID collectionId)
    implements AssetCommand {}
