package io.mediakeep.contracts;

import java.util.UUID;

/**
 * Data an asset-rejected event can quote as its {@code input}: media-generated data or a command.
 * Which one it is follows from the rejection's {@code originalType}.
 */
public sealed interface RejectedInput permits MediaGenerated, AssetCommand {

  /** The owner the data speaks for. */
  UUID ownerId();
}
