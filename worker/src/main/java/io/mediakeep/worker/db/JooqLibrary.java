package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;
import static io.mediakeep.db.jooq.Tables.COLLECTIONS;
import static io.mediakeep.db.jooq.Tables.LIBRARY_ASSETS;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.db.jooq.tables.records.LibraryAssetsRecord;
import io.mediakeep.worker.core.AssetState;
import io.mediakeep.worker.core.LibraryEntry;
import io.mediakeep.worker.core.LibraryLedger;
import io.mediakeep.worker.core.StoredAsset;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Library entries in PostgreSQL, written as the worker: every write binds its transaction to the
 * entry's owner, whom row security holds it to.
 */
public final class JooqLibrary implements LibraryLedger {

  private final DSLContext dsl;

  public JooqLibrary(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Optional<StoredAsset> asset(UUID assetId) {
    return dsl.selectFrom(ASSETS)
        .where(ASSETS.ID.eq(assetId))
        .fetchOptional()
        .map(JooqAssetLedger::toStored);
  }

  @Override
  public Optional<LibraryEntry> entryOf(UUID sourceAssetId) {
    return dsl.selectFrom(LIBRARY_ASSETS)
        .where(LIBRARY_ASSETS.SOURCE_ASSET_ID.eq(sourceAssetId))
        .fetchOptional()
        .map(JooqLibrary::toEntry);
  }

  @Override
  public boolean hasCollection(UUID ownerId, UUID collectionId) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          Locks.bindOwner(tx, ownerId);
          return tx.fetchExists(
              COLLECTIONS, COLLECTIONS.ID.eq(collectionId).and(COLLECTIONS.OWNER_ID.eq(ownerId)));
        });
  }

  /**
   * Holds the source asset with FOR KEY SHARE: a sweeper's FOR UPDATE SKIP LOCKED passes it by, and
   * a delete waits, until the entry is in; recording a new version (which only moves the current
   * flag) is not held up.
   */
  @Override
  public Optional<LibraryEntry> insert(LibraryEntry entry) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          Locks.bindOwner(tx, entry.ownerId());
          tx.select(Locks.holdLibrary(entry.ownerId())).fetch();
          var source =
              tx.select(ASSETS.STATE, ASSETS.PROMPT, ASSETS.MODEL, ASSETS.SEED)
                  .from(ASSETS)
                  .where(ASSETS.ID.eq(entry.sourceAssetId()))
                  .forKeyShare()
                  .fetchOptional()
                  .orElse(null);
          if (source == null || !AssetState.LIVE.dbName().equals(source.value1())) {
            return Optional.empty();
          }
          // What the asset was generated from goes with the entry: the asset may expire.
          LibraryAssetsRecord row = toRecord(entry);
          row.setPrompt(source.value2());
          row.setModel(source.value3());
          row.setSeed(source.value4());
          int inserted =
              tx.insertInto(LIBRARY_ASSETS)
                  .set(row)
                  .onConflict(LIBRARY_ASSETS.SOURCE_ASSET_ID)
                  .doNothing()
                  .execute();
          if (inserted == 0) {
            return tx.selectFrom(LIBRARY_ASSETS)
                .where(LIBRARY_ASSETS.SOURCE_ASSET_ID.eq(entry.sourceAssetId()))
                .fetchOptional()
                .map(JooqLibrary::toEntry);
          }
          return Optional.of(toEntry(row));
        });
  }

  @Override
  public List<LibraryEntry> pendingCopies(int max) {
    return dsl.selectFrom(LIBRARY_ASSETS)
        .where(LIBRARY_ASSETS.COPY_PENDING.isTrue())
        .orderBy(LIBRARY_ASSETS.ID)
        .limit(max)
        .fetch(JooqLibrary::toEntry);
  }

  @Override
  public Optional<LibraryEntry> pendingCopyOf(UUID id) {
    return dsl.selectFrom(LIBRARY_ASSETS)
        .where(LIBRARY_ASSETS.SOURCE_ASSET_ID.eq(id).or(LIBRARY_ASSETS.ID.eq(id)))
        .and(LIBRARY_ASSETS.COPY_PENDING.isTrue())
        .limit(1)
        .fetchOptional()
        .map(JooqLibrary::toEntry);
  }

  @Override
  public void copied(LibraryEntry entry, String bucket, String objectKey) {
    dsl.transaction(
        configuration -> {
          DSLContext tx = configuration.dsl();
          Locks.bindOwner(tx, entry.ownerId());
          tx.update(LIBRARY_ASSETS)
              .set(LIBRARY_ASSETS.BUCKET, bucket)
              .set(LIBRARY_ASSETS.OBJECT_KEY, objectKey)
              .set(LIBRARY_ASSETS.COPY_PENDING, false)
              .set(LIBRARY_ASSETS.UPDATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
              .where(LIBRARY_ASSETS.ID.eq(entry.id()))
              .execute();
        });
  }

  private static LibraryAssetsRecord toRecord(LibraryEntry e) {
    LibraryAssetsRecord r = new LibraryAssetsRecord();
    r.setId(e.id());
    r.setOwnerId(e.ownerId());
    r.setSourceAssetId(e.sourceAssetId());
    r.setMediaType(e.mediaType().wireName());
    r.setBucket(e.bucket());
    r.setObjectKey(e.objectKey());
    r.setContentType(e.contentType());
    r.setSizeBytes(e.sizeBytes());
    r.setSha256(e.sha256());
    r.setWidth(e.width());
    r.setHeight(e.height());
    r.setDurationMs(e.durationMs());
    r.setPrompt(e.prompt());
    r.setModel(e.model());
    r.setSeed(e.seed());
    r.setCustomTitle(e.title());
    r.setCollectionId(e.collectionId());
    OffsetDateTime at = e.createdAt().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    r.setCreatedAt(at);
    r.setUpdatedAt(at);
    return r;
  }

  static LibraryEntry toEntry(LibraryAssetsRecord r) {
    return new LibraryEntry(
        r.getId(),
        r.getOwnerId(),
        r.getSourceAssetId(),
        MediaKind.valueOf(r.getMediaType().toUpperCase(Locale.ROOT)),
        r.getBucket(),
        r.getObjectKey(),
        r.getContentType(),
        r.getSizeBytes(),
        r.getSha256(),
        r.getWidth(),
        r.getHeight(),
        r.getDurationMs(),
        r.getPrompt(),
        r.getModel(),
        r.getSeed(),
        r.getCustomTitle(),
        r.getCollectionId(),
        Boolean.TRUE.equals(r.getCopyPending()),
        r.getCreatedAt().toInstant());
  }
}
