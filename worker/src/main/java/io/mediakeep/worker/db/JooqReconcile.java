package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;
import static io.mediakeep.db.jooq.Tables.ASSET_REMOVALS;
import static io.mediakeep.db.jooq.Tables.LIBRARY_ASSETS;

import io.mediakeep.contracts.AssetDeleted;
import io.mediakeep.contracts.AssetLost;
import io.mediakeep.db.jooq.tables.records.AssetsRecord;
import io.mediakeep.db.jooq.tables.records.LibraryAssetsRecord;
import io.mediakeep.worker.core.AssetState;
import io.mediakeep.worker.core.LifecycleEvents;
import io.mediakeep.worker.core.Reconciliation;
import io.mediakeep.worker.core.Reconciliation.NamedObject;
import io.mediakeep.worker.core.Reconciliation.RowKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record6;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The rows that name objects, for {@code mediakeep reconcile}: live assets, library entries, and
 * removals not yet done, read a page at a time in the "C" collation's order of the key (S3's), by
 * keyset on (key, kind, id), each branch from its V8 index. And the fix of a lost object's row.
 */
public final class JooqReconcile implements Reconciliation.ReconcileLedger {

  private static final int PAGE = 1000;

  // Each branch starts at the page's first key through its index; the row-value comparison then
  // drops what the previous page already had.
  private static final String NAMED =
      """
      select k, kind, id, owner_id, size_bytes, created_at from (
        select object_key collate "C" as k, 'asset' as kind, id::text as id, owner_id, size_bytes,
               created_at
        from assets
        where bucket = {0} and state = 'live'
          and object_key collate "C" >= {1} and ({2}::text is null or object_key collate "C" < {2})
        union all
        select object_key collate "C", case when copy_pending then 'known' else 'library' end,
               id::text, owner_id, size_bytes, created_at
        from library_assets
        where bucket = {0}
          and object_key collate "C" >= {1} and ({2}::text is null or object_key collate "C" < {2})
        union all
        select object_key collate "C", 'known', subject_id::text, owner_id, size_bytes, created_at
        from asset_removals
        where bucket = {0} and done_at is null
          and object_key collate "C" >= {1} and ({2}::text is null or object_key collate "C" < {2})
      ) named
      where k like {3} and (k, kind, id) > ({4} collate "C", {5}, {6})
      order by k, kind, id
      limit {7}
      """;

  private final DSLContext dsl;

  public JooqReconcile(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Iterator<NamedObject> rows(String bucket, String prefix) {
    return new Pages(bucket, prefix);
  }

  @Override
  public boolean isNamed(String bucket, String key) {
    return dsl.fetchExists(
        DSL.selectOne()
            .from(ASSETS)
            .where(ASSETS.BUCKET.eq(bucket))
            .and(ASSETS.OBJECT_KEY.eq(key))
            .and(ASSETS.STATE.eq(AssetState.LIVE.dbName()))
            .unionAll(
                DSL.selectOne()
                    .from(LIBRARY_ASSETS)
                    .where(LIBRARY_ASSETS.BUCKET.eq(bucket))
                    .and(LIBRARY_ASSETS.OBJECT_KEY.eq(key)))
            .unionAll(
                DSL.selectOne()
                    .from(ASSET_REMOVALS)
                    .where(ASSET_REMOVALS.BUCKET.eq(bucket))
                    .and(ASSET_REMOVALS.OBJECT_KEY.eq(key))
                    .and(ASSET_REMOVALS.DONE_AT.isNull())));
  }

  @Override
  public Optional<Long> lose(String bucket, NamedObject row, Long foundSizeBytes, Instant at) {
    OffsetDateTime when = at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    return switch (row.kind()) {
      case ASSET -> loseAsset(bucket, row, foundSizeBytes, when);
      case LIBRARY -> loseEntry(bucket, row, foundSizeBytes, when);
      case KNOWN -> Optional.empty();
    };
  }

  /**
   * Removes a live asset's row, the scene's lock taken before the row as every writer of a scene
   * does; where it was current, the highest live version left becomes current. Its key is free
   * again: a new input for it stores it anew.
   */
  private Optional<Long> loseAsset(
      String bucket, NamedObject row, Long foundSizeBytes, OffsetDateTime when) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          Locks.bindOwner(tx, row.ownerId());
          AssetsRecord seen = tx.selectFrom(ASSETS).where(ASSETS.ID.eq(row.id())).fetchOne();
          if (seen == null) {
            return Optional.<Long>empty();
          }
          tx.select(Locks.awaitScene(seen.getProjectId(), seen.getSceneId(), seen.getVariant()))
              .fetch();
          AssetsRecord asset =
              tx.selectFrom(ASSETS)
                  .where(ASSETS.ID.eq(row.id()))
                  .and(ASSETS.STATE.eq(AssetState.LIVE.dbName()))
                  .and(ASSETS.BUCKET.eq(bucket))
                  .and(ASSETS.OBJECT_KEY.eq(row.key()))
                  .forUpdate()
                  .fetchOne();
          if (asset == null) {
            return Optional.<Long>empty();
          }
          tx.deleteFrom(ASSETS).where(ASSETS.ID.eq(asset.getId())).execute();
          Tombstones.handOverCurrent(tx, List.of(asset), when);
          AssetLost event =
              new AssetLost(
                  LifecycleEvents.lostId(asset.getId()),
                  asset.getOwnerId(),
                  asset.getId(),
                  AssetDeleted.Kind.ASSET,
                  asset.getProjectId(),
                  asset.getSceneId(),
                  asset.getVersion(),
                  asset.getVariant(),
                  bucket,
                  asset.getObjectKey(),
                  asset.getSizeBytes(),
                  foundSizeBytes,
                  when.toInstant());
          return Optional.of(queue(tx, asset.getOwnerId(), asset.getId(), event));
        });
  }

  /** Removes a library entry whose own object is lost, under the owner's library lock. */
  private Optional<Long> loseEntry(
      String bucket, NamedObject row, Long foundSizeBytes, OffsetDateTime when) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          Locks.bindOwner(tx, row.ownerId());
          tx.select(Locks.holdLibrary(row.ownerId())).fetch();
          LibraryAssetsRecord entry =
              tx.deleteFrom(LIBRARY_ASSETS)
                  .where(LIBRARY_ASSETS.ID.eq(row.id()))
                  .and(LIBRARY_ASSETS.COPY_PENDING.isFalse())
                  .and(LIBRARY_ASSETS.BUCKET.eq(bucket))
                  .and(LIBRARY_ASSETS.OBJECT_KEY.eq(row.key()))
                  .returning()
                  .fetchOne();
          if (entry == null) {
            return Optional.<Long>empty();
          }
          AssetLost event =
              new AssetLost(
                  LifecycleEvents.lostId(entry.getId()),
                  entry.getOwnerId(),
                  entry.getId(),
                  AssetDeleted.Kind.LIBRARY,
                  null,
                  null,
                  null,
                  null,
                  bucket,
                  entry.getObjectKey(),
                  entry.getSizeBytes(),
                  foundSizeBytes,
                  when.toInstant());
          return Optional.of(queue(tx, entry.getOwnerId(), entry.getId(), event));
        });
  }

  private static long queue(DSLContext tx, UUID ownerId, UUID subjectId, AssetLost event) {
    return JooqRemovals.queue(
            tx,
            List.of(
                new JooqRemovals.Queued(
                    ownerId,
                    subjectId,
                    JooqRemovals.Reason.LOST,
                    event.bucket(),
                    event.objectKey(),
                    event.sizeBytes(),
                    event)))
        .get(0)
        .id();
  }

  /** The rows of one bucket and prefix, fetched a page at a time as they are consumed. */
  private final class Pages implements Iterator<NamedObject> {
    private final String bucket;
    private final String like;
    private final String upper;
    private final Deque<NamedObject> page = new ArrayDeque<>();
    private String lastKey;
    private String lastKind = "";
    private String lastId = "";
    private boolean exhausted;

    Pages(String bucket, String prefix) {
      this.bucket = bucket;
      String p = prefix == null ? "" : prefix;
      this.like = p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      this.upper = upperBound(p);
      this.lastKey = p;
    }

    @Override
    public boolean hasNext() {
      if (page.isEmpty() && !exhausted) {
        fetch();
      }
      return !page.isEmpty();
    }

    @Override
    public NamedObject next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.poll();
    }

    private void fetch() {
      List<Record6<String, String, String, UUID, Long, OffsetDateTime>> rows =
          dsl.resultQuery(
                  NAMED,
                  DSL.val(bucket),
                  DSL.val(lastKey),
                  DSL.val(upper, SQLDataType.VARCHAR),
                  DSL.val(like),
                  DSL.val(lastKey),
                  DSL.val(lastKind),
                  DSL.val(lastId),
                  DSL.val(PAGE))
              .coerce(
                  DSL.field("k", String.class),
                  DSL.field("kind", String.class),
                  DSL.field("id", String.class),
                  DSL.field("owner_id", UUID.class),
                  DSL.field("size_bytes", Long.class),
                  DSL.field("created_at", OffsetDateTime.class))
              .fetch();
      for (var r : rows) {
        page.add(
            new NamedObject(
                r.value1(),
                switch (r.value2()) {
                  case "asset" -> RowKind.ASSET;
                  case "library" -> RowKind.LIBRARY;
                  default -> RowKind.KNOWN;
                },
                UUID.fromString(r.value3()),
                r.value4(),
                r.value5(),
                r.value6().toInstant()));
        lastKey = r.value1();
        lastKind = r.value2();
        lastId = r.value3();
      }
      exhausted = rows.size() < PAGE;
    }
  }

  /**
   * The least key above every key that starts with {@code prefix}, for an index range: the prefix
   * with its last character one higher. Null (no upper bound) for an empty prefix, or one whose
   * last character is not plain ASCII.
   */
  static String upperBound(String prefix) {
    if (prefix.isEmpty()) {
      return null;
    }
    char last = prefix.charAt(prefix.length() - 1);
    if (last >= 0x7F) {
      return null;
    }
    String upper = prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    return new String(upper.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
