package io.mediakeep.worker.core;

import io.mediakeep.contracts.AssetCommand;
import io.mediakeep.contracts.CommandEvent;
import io.mediakeep.contracts.DeleteAsset;
import io.mediakeep.contracts.OwnerPurged;
import io.mediakeep.contracts.PromoteAsset;
import io.mediakeep.contracts.PurgeOwner;
import io.mediakeep.contracts.RejectReason;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands of an asset's life: one command in, one {@link CommandOutcome} out. Every step is
 * idempotent, so a command delivered again (after a crash, a rebalance or a stop) finishes what the
 * first delivery began and republishes the same event ids. Knows nothing of Kafka, S3 or SQL.
 */
public final class CommandProcessor {

  private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

  private final LibraryLedger library;
  private final DeletionLedger deletions;
  private final PurgeLedger purges;
  private final RemovalDrain drain;
  private final LibraryCopies copies;
  private final ObjectStore store;
  private final StorageLayout layout;
  private final Clock clock;
  private final int batch;

  public CommandProcessor(
      LibraryLedger library,
      DeletionLedger deletions,
      PurgeLedger purges,
      RemovalDrain drain,
      LibraryCopies copies,
      ObjectStore store,
      StorageLayout layout,
      Clock clock,
      int batch) {
    this.library = library;
    this.deletions = deletions;
    this.purges = purges;
    this.drain = drain;
    this.copies = copies;
    this.store = store;
    this.layout = layout;
    this.clock = clock;
    this.batch = batch;
  }

  /** Processes one command; {@code stopping} is asked between the batches of a purge. */
  public CommandOutcome process(CommandEvent event, BooleanSupplier stopping) {
    String causationId = event.envelope().id();
    AssetCommand command = event.command();
    try {
      return switch (command) {
        case PromoteAsset promote -> promote(promote, causationId);
        case DeleteAsset delete -> delete(delete, causationId);
        case PurgeOwner purge -> purge(purge, causationId, stopping);
      };
    } catch (IOException e) {
      return new CommandOutcome.RetryLater(Dependency.S3, e);
    } catch (RuntimeException e) {
      return new CommandOutcome.RetryLater(Dependency.POSTGRES, e);
    }
  }

  /**
   * Copies the asset's object into the library bucket, then records the entry while the asset is
   * held against removal. A sweep that removes the asset first makes the copy fail or the record
   * refuse, and the copy is deleted again: the outcome is a whole entry or ASSET_EXPIRED.
   */
  private CommandOutcome promote(PromoteAsset promote, String causationId) throws IOException {
    Optional<StoredAsset> found = library.asset(promote.assetId());
    if (found.isEmpty()) {
      return notFound("asset " + promote.assetId());
    }
    StoredAsset asset = found.get();
    if (!asset.ownerId().equals(promote.ownerId())) {
      return notOwner("asset " + asset.id());
    }
    Optional<LibraryEntry> kept = library.entryOf(asset.id());
    if (kept.isPresent() && kept.get().copyPending()) {
      copies.adoptFor(asset.id());
      kept = library.entryOf(asset.id());
    }
    if (kept.isPresent()) {
      return promoted(kept.get(), causationId);
    }
    if (!asset.live()) {
      return gone(asset);
    }
    if (promote.collectionId() != null
        && !library.hasCollection(promote.ownerId(), promote.collectionId())) {
      return new CommandOutcome.Rejected(
          RejectReason.NOT_OWNER,
          "collection "
              + promote.collectionId()
              + " is not a collection of owner "
              + promote.ownerId());
    }
    LibraryEntry entry = newEntry(asset, promote);
    try {
      store.copy(
          asset.bucket(), asset.objectKey(), entry.bucket(), entry.objectKey(), asset.sizeBytes());
    } catch (ObjectMissingException missing) {
      Optional<StoredAsset> now = library.asset(asset.id());
      if (now.isPresent() && !now.get().live()) {
        return gone(now.get());
      }
      return notFound(
          "the object of asset "
              + asset.id()
              + " ("
              + asset.bucket()
              + "/"
              + asset.objectKey()
              + ")");
    }
    Optional<LibraryEntry> inserted = library.insert(entry);
    if (inserted.isEmpty()) {
      deleteCopy(entry);
      return library
          .asset(asset.id())
          .map(this::gone)
          .orElseGet(() -> notFound("asset " + asset.id()));
    }
    if (!inserted.get().objectKey().equals(entry.objectKey())) {
      deleteCopy(entry);
    }
    return promoted(inserted.get(), causationId);
  }

  private LibraryEntry newEntry(StoredAsset asset, PromoteAsset promote) {
    UUID id = LifecycleEvents.libraryAssetId(asset.id());
    return new LibraryEntry(
        id,
        asset.ownerId(),
        asset.id(),
        asset.mediaType(),
        layout.libraryBucket(),
        StorageLayout.libraryKey(asset.ownerId(), id, asset.objectKey()),
        asset.contentType(),
        asset.sizeBytes(),
        asset.sha256(),
        asset.width(),
        asset.height(),
        asset.durationMs(),
        null,
        null,
        null,
        promote.title() == null || promote.title().isBlank() ? null : promote.title().strip(),
        promote.collectionId(),
        false,
        clock.instant());
  }

  private CommandOutcome promoted(LibraryEntry entry, String causationId) {
    return new CommandOutcome.Done(
        List.of(
            LifecycleEvents.promoted(entry, causationId, layout.libraryUrl(entry.objectKey()))));
  }

  /**
   * Tombstones the asset or removes the entry and queues its removal, then drains that removal: the
   * deleted event goes out once the object is gone. A repeat finds the removal and, once it is
   * done, publishes its event again.
   */
  private CommandOutcome delete(DeleteAsset delete, String causationId) throws IOException {
    copies.adoptFor(delete.assetId());
    DeletionLedger.Result result =
        deletions.remove(delete.ownerId(), delete.assetId(), causationId, clock.instant());
    return switch (result) {
      case DeletionLedger.Result.NotFound n ->
          notFound("asset or library entry " + delete.assetId());
      case DeletionLedger.Result.NotOwner n ->
          notOwner("asset or library entry " + delete.assetId());
      case DeletionLedger.Result.Expired expired -> gone(expired.tombstone());
      case DeletionLedger.Result.Queued queued -> {
        Removal removal = queued.removal();
        if (removal.done()) {
          yield new CommandOutcome.Done(
              List.of(LifecycleEvents.answering(removal.event(), causationId)));
        }
        CrashPoint.REMOVALS_QUEUED.reached();
        RemovalDrain.Result drained =
            drain.drain(new RemovalQueue.Selection.Ids(List.of(removal.id())), 1);
        if (drained.failed() > 0) {
          yield new CommandOutcome.RetryLater(
              Dependency.S3,
              new IOException("removal of " + removal.objectKey() + " is not finished yet"));
        }
        yield new CommandOutcome.Done(List.of());
      }
    };
  }

  /**
   * Sets the owner's marker, removes the owner's rows batch by batch, drains their removals, then
   * marks the purge finished. Stopped between batches, it resumes on redelivery where it was.
   */
  private CommandOutcome purge(PurgeOwner purge, String causationId, BooleanSupplier stopping) {
    PurgeLedger.Marker marker = purges.start(purge.ownerId(), causationId, clock.instant());
    if (!marker.finished()) {
      while (purges.removeBatch(purge.ownerId(), marker.purgedAt(), batch) > 0) {
        if (stopping.getAsBoolean()) {
          return new CommandOutcome.Stopped();
        }
      }
      CrashPoint.REMOVALS_QUEUED.reached();
      RemovalDrain.Result drained =
          drain.drain(new RemovalQueue.Selection.Owner(purge.ownerId()), batch);
      if (drained.failed() > 0) {
        return new CommandOutcome.RetryLater(
            Dependency.S3,
            new IOException(drained.failed() + " objects of the purge are not deleted yet"));
      }
      marker = purges.finish(purge.ownerId());
    }
    log.info("owner {} purged: {}", purge.ownerId(), marker.removed());
    return new CommandOutcome.Done(
        List.of(
            new OwnerPurged(
                LifecycleEvents.purgedId(marker.commandId()),
                causationId,
                purge.ownerId(),
                marker.purgedAt(),
                marker.removed())));
  }

  private void deleteCopy(LibraryEntry entry) {
    try {
      store.delete(entry.bucket(), entry.objectKey());
    } catch (IOException e) {
      log.warn("could not delete the copy {}/{}", entry.bucket(), entry.objectKey(), e);
    }
  }

  private CommandOutcome gone(StoredAsset tombstone) {
    return new CommandOutcome.Rejected(
        RejectReason.ASSET_EXPIRED,
        "asset "
            + tombstone.id()
            + (tombstone.state() == AssetState.DELETED ? " was deleted" : " expired")
            + " at "
            + tombstone.removedAt());
  }

  private static CommandOutcome notFound(String what) {
    return new CommandOutcome.Rejected(RejectReason.ASSET_NOT_FOUND, what + " not found");
  }

  private static CommandOutcome notOwner(String what) {
    return new CommandOutcome.Rejected(RejectReason.NOT_OWNER, what + " belongs to another owner");
  }
}
