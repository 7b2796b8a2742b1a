package io.mediakeep.worker.db;

import static io.mediakeep.db.jooq.Tables.ASSETS;
import static io.mediakeep.db.jooq.Tables.OWNER_PURGES;
import static io.mediakeep.db.jooq.Tables.PROJECTS;

import io.mediakeep.contracts.AssetRole;
import io.mediakeep.contracts.FrameInfo;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import io.mediakeep.db.jooq.tables.Assets;
import io.mediakeep.db.jooq.tables.records.AssetsRecord;
import io.mediakeep.worker.core.AssetKey;
import io.mediakeep.worker.core.AssetLedger;
import io.mediakeep.worker.core.AssetState;
import io.mediakeep.worker.core.NewAsset;
import io.mediakeep.worker.core.StoredAsset;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The asset ledger in PostgreSQL through jOOQ. Recording takes a transaction-scoped advisory lock
 * per (project, scene, variant), so concurrent versions of one scene cannot both become current,
 * whatever order they arrive in; different scenes never wait for each other.
 */
public final class JooqAssetLedger implements AssetLedger {

  private final DSLContext dsl;

  public JooqAssetLedger(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Optional<StoredAsset> find(AssetKey key) {
    return dsl.selectFrom(ASSETS).where(is(key)).fetchOptional().map(JooqAssetLedger::toStored);
  }

  /**
   * The key's row and the owner's purge time in one statement, whichever of them exist. Every event
   * runs it, so jOOQ renders it once ({@link #LOOKUP}) and each call only binds: rendering was most
   * of its CPU.
   */
  @Override
  public Lookup lookup(AssetKey key, UUID ownerId) {
    Record found =
        dsl.resultQuery(
                LOOKUP.sql(),
                LOOKUP.binds(
                    Map.of(
                        "owner", ownerId,
                        "project", key.projectId(),
                        "scene", key.sceneId(),
                        "version", key.version(),
                        "variant", key.variant())))
            .coerce(LOOKUP_FIELDS)
            .fetchSingle();
    AssetsRecord row = found.into(ASSETS);
    OffsetDateTime purged = found.get(LOOKUP_PURGED_AT);
    return new Lookup(
        row.getId() == null ? null : toStored(row), purged == null ? null : purged.toInstant());
  }

  private static final Field<OffsetDateTime> LOOKUP_PURGED_AT =
      DSL.field(
              DSL.select(OWNER_PURGES.PURGED_AT)
                  .from(OWNER_PURGES)
                  .where(OWNER_PURGES.OWNER_ID.eq(RenderedOnce.param("owner", UUID.class))))
          .as("owner_purged_at");

  /** What {@link #LOOKUP} selects, in its order: the purge time, then every asset column. */
  private static final Field<?>[] LOOKUP_FIELDS =
      Stream.concat(Stream.of(LOOKUP_PURGED_AT), Stream.of(ASSETS.fields()))
          .toArray(Field<?>[]::new);

  /** The lookup, rendered once (RenderedOnce). */
  private static final RenderedOnce LOOKUP =
      new RenderedOnce(
          DSL.select(LOOKUP_FIELDS)
              .from(DSL.selectOne().asTable("one"))
              .leftJoin(ASSETS)
              .on(sceneOf(ASSETS).and(ASSETS.VERSION.eq(versionParam()))));

  /** The rows of the scene the parameters project, scene and variant name, in {@code t}. */
  private static Condition sceneOf(Assets t) {
    return t.PROJECT_ID
        .eq(RenderedOnce.param("project", UUID.class))
        .and(t.SCENE_ID.eq(RenderedOnce.param("scene", String.class)))
        .and(t.VARIANT.eq(RenderedOnce.param("variant", Integer.class)));
  }

  private static Field<Integer> versionParam() {
    return RenderedOnce.param("version", Integer.class);
  }

  /**
   * Four statements and the commit: lock the scene, share the owner's lock with other recordings
   * and look for another owner in the project; insert unless the owner was purged after the event
   * was produced; then clear and set the current flag only when the new version is the highest. The
   * inserted row is answered from what was written, not read back. Redelivery of a stored key costs
   * the locks, the insert that does nothing and a read.
   *
   * <p>The purge check is part of the insert, which runs after the owner's lock is granted: a purge
   * that started meanwhile has committed its marker by then, and the insert sees it.
   *
   * <p>A project belongs to the owner whose transaction claims its row in {@code projects} first.
   * Two owners writing the first assets of one new project at once, even into different scenes,
   * meet on that row: the second claim waits for the first transaction and then reads its owner, so
   * exactly one of them records and the other is refused.
   */
  @Override
  public Recorded record(NewAsset asset) {
    AssetKey key = asset.key();
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          // The locks and the project's owner in one round trip; a project seen for the first time
          // is claimed, and read again once the claim has settled.
          UUID projectOwner =
              tx.resultQuery(
                      LOCK_AND_OWNER.sql(),
                      LOCK_AND_OWNER.binds(
                          Map.of(
                              "scene",
                              Locks.scene(key.projectId(), key.sceneId(), key.variant()),
                              "owner",
                              Locks.owner(asset.ownerId()),
                              "project",
                              key.projectId())))
                  .coerce(LOCK_AND_OWNER_FIELDS)
                  .fetchSingle()
                  .get(PROJECT_OWNER);
          if (projectOwner == null) {
            projectOwner = claimProject(tx, key.projectId(), asset.ownerId());
          }
          if (!projectOwner.equals(asset.ownerId())) {
            return Recorded.foreign();
          }
          AssetsRecord row = toRecord(asset);
          Field<?>[] columns =
              Arrays.stream(ASSETS.fields()).filter(row::changed).toArray(Field[]::new);
          List<Field<?>> values = Arrays.stream(columns).<Field<?>>map(f -> value(row, f)).toList();
          int inserted =
              tx.insertInto(ASSETS)
                  .columns(columns)
                  .select(
                      DSL.select(values)
                          .whereNotExists(
                              DSL.selectOne()
                                  .from(OWNER_PURGES)
                                  .where(OWNER_PURGES.OWNER_ID.eq(asset.ownerId()))
                                  .and(
                                      OWNER_PURGES.PURGED_AT.gt(
                                          asset.producedAt().atOffset(ZoneOffset.UTC)))))
                  .onConflict(ASSETS.PROJECT_ID, ASSETS.SCENE_ID, ASSETS.VERSION, ASSETS.VARIANT)
                  .doNothing()
                  .execute();
          if (inserted == 0) {
            return tx.selectFrom(ASSETS)
                .where(is(key))
                .fetchOptional()
                .map(existing -> Recorded.existing(toStored(existing)))
                .orElseGet(Recorded::purged);
          }
          row.setIsCurrent(makeCurrentIfHighest(tx, row));
          return Recorded.inserted(toStored(row));
        });
  }

  /**
   * Claims a project for {@code ownerId}, or finds who claimed it first. The insert waits for a
   * concurrent claim of the same project to commit or roll back; the read is a statement of its own
   * so that it sees a claim committed meanwhile, which the insert's snapshot would not.
   */
  private static UUID claimProject(DSLContext tx, UUID projectId, UUID ownerId) {
    int claimed =
        tx.insertInto(PROJECTS)
            .set(PROJECTS.PROJECT_ID, projectId)
            .set(PROJECTS.OWNER_ID, ownerId)
            .onConflict(PROJECTS.PROJECT_ID)
            .doNothing()
            .execute();
    if (claimed == 1) {
      return ownerId;
    }
    return tx.select(PROJECTS.OWNER_ID)
        .from(PROJECTS)
        .where(PROJECTS.PROJECT_ID.eq(projectId))
        .fetchSingle()
        .value1();
  }

  /**
   * Makes the just inserted row current when no higher version of its scene and variant exists, and
   * says whether it did. Under the scene's lock the current row is always the highest version, so a
   * lower new version leaves everything as it is.
   */
  private static boolean makeCurrentIfHighest(DSLContext tx, AssetsRecord row) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Map<String, Object> values =
        Map.of(
            "project", row.getProjectId(),
            "scene", row.getSceneId(),
            "variant", row.getVariant(),
            "version", row.getVersion(),
            "id", row.getId(),
            "now", now);
    // Clear first, then set: the partial unique index allows one current row at every moment.
    CLEAR_LOWER_CURRENT.execute(tx, values);
    int set = SET_CURRENT.execute(tx, values);
    if (set == 1) {
      row.setUpdatedAt(now);
    }
    return set == 1;
  }

  // The statements every recording runs, rendered once (RenderedOnce).

  private static final Field<UUID> PROJECT_OWNER =
      DSL.field(
              DSL.select(PROJECTS.OWNER_ID)
                  .from(PROJECTS)
                  .where(PROJECTS.PROJECT_ID.eq(RenderedOnce.param("project", UUID.class))))
          .as("project_owner");

  private static final Field<?>[] LOCK_AND_OWNER_FIELDS = {
    Locks.awaitScene(RenderedOnce.param("scene", String.class)).as("scene_lock"),
    Locks.shareOwner(RenderedOnce.param("owner", String.class)).as("owner_lock"),
    PROJECT_OWNER
  };

  /** The scene's lock, the owner's shared lock and the project's owner, in one round trip. */
  private static final RenderedOnce LOCK_AND_OWNER =
      new RenderedOnce(DSL.select(LOCK_AND_OWNER_FIELDS));

  private static final Condition NO_HIGHER_VERSION;
  private static final RenderedOnce CLEAR_LOWER_CURRENT;
  private static final RenderedOnce SET_CURRENT;

  static {
    Assets higher = ASSETS.as("higher");
    NO_HIGHER_VERSION =
        DSL.notExists(
            DSL.selectOne()
                .from(higher)
                .where(sceneOf(higher).and(higher.VERSION.gt(versionParam()))));
    // Makes the row that was current no longer so, when the new version is higher than it and
    // than every other version of the scene.
    CLEAR_LOWER_CURRENT =
        new RenderedOnce(
            DSL.update(ASSETS)
                .set(ASSETS.IS_CURRENT, DSL.inline(false))
                .set(ASSETS.UPDATED_AT, RenderedOnce.param("now", OffsetDateTime.class))
                .where(sceneOf(ASSETS))
                .and(ASSETS.IS_CURRENT.eq(DSL.inline(true)))
                .and(ASSETS.VERSION.lt(versionParam()))
                .and(NO_HIGHER_VERSION));
    SET_CURRENT =
        new RenderedOnce(
            DSL.update(ASSETS)
                .set(ASSETS.IS_CURRENT, DSL.inline(true))
                .set(ASSETS.UPDATED_AT, RenderedOnce.param("now", OffsetDateTime.class))
                .where(ASSETS.ID.eq(RenderedOnce.param("id", UUID.class)))
                .and(NO_HIGHER_VERSION));
  }

  private static <T> Field<T> value(AssetsRecord row, Field<T> field) {
    return DSL.val(row.get(field), field);
  }

  private static Condition is(AssetKey key) {
    return ASSETS
        .PROJECT_ID
        .eq(key.projectId())
        .and(ASSETS.SCENE_ID.eq(key.sceneId()))
        .and(ASSETS.VERSION.eq(key.version()))
        .and(ASSETS.VARIANT.eq(key.variant()));
  }

  private static AssetsRecord toRecord(NewAsset a) {
    AssetsRecord r = new AssetsRecord();
    r.setId(a.id());
    r.setOwnerId(a.ownerId());
    r.setProjectId(a.key().projectId());
    r.setSceneId(a.key().sceneId());
    r.setVersion(a.key().version());
    r.setVariant(a.key().variant());
    r.setMediaType(a.mediaType().wireName());
    r.setRetention(a.retention().wireName());
    r.setBucket(a.bucket());
    r.setObjectKey(a.objectKey());
    r.setUrl(a.url());
    r.setContentType(a.contentType());
    r.setSizeBytes(a.sizeBytes());
    r.setSha256(a.sha256());
    r.setWidth(a.width());
    r.setHeight(a.height());
    r.setDurationMs(a.durationMs());
    r.setSourceUrl(a.sourceFingerprint());
    r.setProvider(a.provider());
    r.setModel(a.model());
    r.setPrompt(a.prompt());
    r.setSeed(a.seed());
    r.setGenerationParams(Jsonb.of(a.generationParams()));
    r.setJobId(a.jobId());
    r.setSourceEventId(a.sourceEventId());
    r.setIsCurrent(false);
    r.setState(AssetState.LIVE.dbName());
    r.setRole(a.role().wireName());
    r.setPosition(a.position());
    FrameInfo frame = a.frame();
    if (frame != null) {
      r.setDescription(PgText.of(frame.description()));
      r.setFrameTimestamp(PgText.of(frame.timestamp()));
      r.setSceneStory(PgText.of(frame.sceneStory()));
      r.setStyle(PgText.of(frame.style()));
      r.setMood(PgText.of(frame.mood()));
    }
    r.setExpiresAt(
        a.expiresAt() == null
            ? null
            : a.expiresAt().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    // Microseconds, as PostgreSQL keeps them: the row answered now equals the row read later.
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    r.setCreatedAt(now);
    r.setUpdatedAt(now);
    return r;
  }

  static StoredAsset toStored(AssetsRecord r) {
    return new StoredAsset(
        r.getId(),
        r.getOwnerId(),
        new AssetKey(r.getProjectId(), r.getSceneId(), r.getVersion(), r.getVariant()),
        MediaKind.valueOf(r.getMediaType().toUpperCase(Locale.ROOT)),
        Retention.valueOf(r.getRetention().toUpperCase(Locale.ROOT)),
        r.getBucket(),
        r.getObjectKey(),
        r.getUrl(),
        r.getContentType(),
        r.getSizeBytes(),
        r.getSha256(),
        r.getWidth(),
        r.getHeight(),
        r.getDurationMs(),
        r.getSourceUrl(),
        r.getIsCurrent(),
        r.getExpiresAt() == null ? null : r.getExpiresAt().toInstant(),
        r.getCreatedAt().toInstant(),
        AssetState.ofDbName(r.getState()),
        r.getRemovedAt() == null ? null : r.getRemovedAt().toInstant(),
        AssetRole.fromWireName(r.getRole()),
        r.getPosition(),
        frame(r));
  }

  /** The frame metadata of a row, or null when it has none. */
  private static FrameInfo frame(AssetsRecord r) {
    if (r.getDescription() == null
        && r.getFrameTimestamp() == null
        && r.getSceneStory() == null
        && r.getStyle() == null
        && r.getMood() == null) {
      return null;
    }
    return new FrameInfo(
        r.getDescription(), r.getFrameTimestamp(), r.getSceneStory(), r.getStyle(), r.getMood());
  }
}
