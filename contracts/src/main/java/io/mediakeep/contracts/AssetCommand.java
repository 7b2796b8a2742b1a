package io.mediakeep.contracts;

import java.util.UUID;

/**
 * A command on the asset-commands topic: what an owner asks mediakeep to do with what it stores.
 * Every command names its owner, which is also the record key, so one owner's commands stay in
 * order.
 */
public sealed interface AssetCommand extends RejectedInput
    permits PromoteAsset, DeleteAsset, PurgeOwner {

  @Override
  UUID ownerId();

  /** The ce_type this command travels as. */
  default String eventType() {
    return switch (this) {
      case PromoteAsset p -> EventTypes.ASSET_PROMOTE;
      case DeleteAsset d -> EventTypes.ASSET_DELETE;
      case PurgeOwner p -> EventTypes.OWNER_PURGE;
    };
  }
}
