package io.mediakeep.contracts;

import java.util.UUID;

/** Data of a {@code media.owner.purge} command: remove everything of the owner. */
public record PurgeOwner(UUID ownerId) implements AssetCommand {}
