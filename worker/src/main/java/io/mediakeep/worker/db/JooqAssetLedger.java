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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultOrRows;
import org.jooq.Row6;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The asset ledger in PostgreSQL through jOOQ. Recording takes a transaction-scoped advisory lock
 * per (project, scene, variant), so concurrent versions of one scene cannot both become current,
 * whatever order they arrive in; different scenes never wait for each other.
 */
public final class JooqAssetLedger implements AssetLedger {

  /**
   * Statements (lookups) or transactions (recordings) run at once, each holding one connection
   * while it does; the rest of the pool serves everything else.
   */
  static final int RUNNERS = 4;

  /** The most lookups, or recordings, one statement or transaction takes. */
  static final int MAX_BATCH = 64;

  /** A lookup's question: the key, and the owner whose purge time goes with it. */
  public record LookupKey(AssetKey key, UUID ownerId) {}

  private final DSLContext dsl;
  private final Batches<NewAsset, Recorded> recordings;
  private final Batches<LookupKey, Lookup> lookups;

  public JooqAssetLedger(DSLContext dsl) {
    this(dsl, (kind, requests) -> {});
  }

  /**
   * @param batches told, for each statement ({@code lookup}) or transaction ({@code recording}),
   *     how many requests it answered
   */
  public JooqAssetLedger(DSLContext dsl, ObjIntConsumer<String> batches) {
    this.dsl = dsl;
    this.recordings =
        new Batches<>(
            "recording",
            this::recordAll,
            this::recordOne,
            RUNNERS,
            MAX_BATCH,
            n -> batches.accept("recording", n));
    this.lookups =
        new Batches<>(
            "lookup",
            this::lookupAll,
            k -> lookupOne(k.key(), k.ownerId()),
            RUNNERS,
            MAX_BATCH,
            n -> batches.accept("lookup", n));
  }

  /** Transactions that wrote recordings so far, and the recordings they wrote. */
  public long[] writes() {
    return new long[] {recordings.runs(), recordings.requests()};
  }

  /** Statements that looked keys up so far, and the lookups they answered. */
  public long[] reads() {
    return new long[] {lookups.runs(), lookups.requests()};
  }

  @Override
  public Optional<StoredAsset> find(AssetKey key) {
    return dsl.selectFrom(ASSETS).where(is(key)).fetchOptional().map(JooqAssetLedger::toStored);
  }

  /**
   * The key's row and the owner's purge time in one statement, whichever of them exist; lookups
   * that arrive while others run go together ({@link #lookupAll}).
   */
  @Override
  public Lookup lookup(AssetKey key, UUID ownerId) {
    return lookups.run(new LookupKey(key, ownerId));
  }

  /**
   * One lookup in a statement of its own. Every event runs it, so jOOQ renders it once ({@link
   * #LOOKUP}) and each call only binds: rendering was most of its CPU.
   */
  public Lookup lookupOne(AssetKey key, UUID ownerId) {
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
    return toLookup(found.into(ASSETS), found.get(LOOKUP_PURGED_AT));
  }

  /** A lookup's answer from its joined row (all nulls when no row holds the key) and purge time. */
  private static Lookup toLookup(AssetsRecord row, OffsetDateTime purged) {
    return new Lookup(
        row.getId() == null ? null : toStored(row), purged == null ? null : purged.toInstant());
  }

  /**
   * Several lookups in one statement: the keys as a VALUES list numbered in their order, each
   * joined to the row that holds it and to its owner's purge time. One answer per key, in order.
   */
  public List<Lookup> lookupAll(List<LookupKey> keys) {
    Field<Integer> ord = DSL.field(DSL.name("wanted", "ord"), Integer.class);
    Field<UUID> project = DSL.field(DSL.name("wanted", "project"), UUID.class);
    Field<String> scene = DSL.field(DSL.name("wanted", "scene"), String.class);
    Field<Integer> version = DSL.field(DSL.name("wanted", "version"), Integer.class);
    Field<Integer> variant = DSL.field(DSL.name("wanted", "variant"), Integer.class);
    Field<UUID> owner = DSL.field(DSL.name("wanted", "owner"), UUID.class);
    List<Row6<Integer, UUID, String, Integer, Integer, UUID>> rows = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      AssetKey key = keys.get(i).key();
      rows.add(
          DSL.row(
              i,
              key.projectId(),
              key.sceneId(),
              key.version(),
              key.variant(),
              keys.get(i).ownerId()));
    }
    Table<?> wanted =
        DSL.values(rows.toArray(Row6[]::new))
            .as("wanted", "ord", "project", "scene", "version", "variant", "owner");
    Lookup[] answers = new Lookup[keys.size()];
    dsl.select(
            Stream.concat(Stream.of(ord, OWNER_PURGES.PURGED_AT), Stream.of(ASSETS.fields()))
                .toList())
        .from(wanted)
        .leftJoin(ASSETS)
        .on(
            ASSETS
                .PROJECT_ID
                .eq(project)
                .and(ASSETS.SCENE_ID.eq(scene))
                .and(ASSETS.VERSION.eq(version))
                .and(ASSETS.VARIANT.eq(variant)))
        .leftJoin(OWNER_PURGES)
        .on(OWNER_PURGES.OWNER_ID.eq(owner))
        .fetch()
        .forEach(
            r -> answers[r.get(ord)] = toLookup(r.into(ASSETS), r.get(OWNER_PURGES.PURGED_AT)));
    return List.of(answers);
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
   * Two round trips and the commit: lock the scene, share the owner's lock with other recordings
   * and look for another owner in the project; then {@link #WRITE}: insert unless the owner was
   * purged after the event was produced, and move the current flag only when the new version is the
   * highest. The inserted row is answered from what was written, not read back. Redelivery of a
   * stored key costs the locks, the insert that does nothing and a read.
   *
   * <p>The purge check is part of the insert, which runs after the owner's lock is granted: a purge
   * that started meanwhile has committed its marker by then, and the insert sees it.
   *
   * <p>A project belongs to the owner whose transaction claims its row in {@code projects} first.
   * Two owners writing the first assets of one new project at once, even into different scenes,
   * meet on that row: the second claim waits for the first transaction and then reads its owner, so
   * exactly one of them records and the other is refused.
   *
   * <p>Recordings that arrive while others are being written go together, with the same rules, in
   * one transaction ({@link #recordAll}, group commit by {@link Batches}); a recording that finds a
   * writer free is written at once, as described here.
   */
  @Override
  public Recorded record(NewAsset asset) {
    return recordings.run(asset);
  }

  /** One recording in a transaction of its own (see {@link #record}). */
  Recorded recordOne(NewAsset asset) {
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
          OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
          // The insert and both current-flag updates in one round trip; the updates do nothing
          // when the insert did nothing.
          List<ResultOrRows> results = WRITE.executeAll(tx, writeValues(asset, row, now));
          if (results.get(0).rows() == 0) {
            return tx.selectFrom(ASSETS)
                .where(is(key))
                .fetchOptional()
                .map(existing -> Recorded.existing(toStored(existing)))
                .orElseGet(Recorded::purged);
          }
          boolean current = results.get(2).rows() == 1;
          row.setIsCurrent(current);
          if (current) {
            row.setUpdatedAt(now);
          }
          return Recorded.inserted(toStored(row));
        });
  }

  /**
   * Several recordings in one transaction, each with the rules of {@link #record}; one result per
   * asset, in their order. Every scene's lock, then every owner's shared lock, is taken in one
   * sorted order, so two batches never wait for each other in a cycle; projects seen for the first
   * time are claimed in their order too. The inserts, then the clearing updates, then the setting
   * updates go as three JDBC batches of the statements {@link #record} runs, all inserts before any
   * update: two versions of one scene in one batch leave the higher one current, as in sequence. A
   * key that appears twice is inserted by the first and answered as existing to the second.
   */
  public List<Recorded> recordAll(List<NewAsset> assets) {
    return dsl.transactionResult(
        configuration -> {
          DSLContext tx = configuration.dsl();
          lockAll(tx, assets);
          Map<UUID, UUID> owners = projectOwners(tx, assets);
          Recorded[] results = new Recorded[assets.size()];
          List<Integer> mine = new ArrayList<>();
          for (int i = 0; i < assets.size(); i++) {
            NewAsset asset = assets.get(i);
            if (asset.ownerId().equals(owners.get(asset.key().projectId()))) {
              mine.add(i);
            } else {
              results[i] = Recorded.foreign();
            }
          }
          AssetsRecord[] rows = new AssetsRecord[assets.size()];
          for (int i : mine) {
            rows[i] = toRecord(assets.get(i));
          }
          OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
          List<Map<String, Object>> values = new ArrayList<>();
          for (int i : mine) {
            values.add(writeValues(assets.get(i), rows[i], now));
          }
          int[] inserted = INSERT.executeBatch(tx, values);
          List<Integer> written = new ArrayList<>();
          List<Map<String, Object>> writtenValues = new ArrayList<>();
          List<AssetKey> taken = new ArrayList<>();
          for (int j = 0; j < mine.size(); j++) {
            if (inserted[j] == 1) {
              written.add(mine.get(j));
              writtenValues.add(values.get(j));
            } else {
              taken.add(assets.get(mine.get(j)).key());
            }
          }
          CLEAR_LOWER_CURRENT.executeBatch(tx, writtenValues);
          int[] set = SET_CURRENT.executeBatch(tx, writtenValues);
          for (int j = 0; j < written.size(); j++) {
            AssetsRecord row = rows[written.get(j)];
            row.setIsCurrent(set[j] == 1);
            if (set[j] == 1) {
              row.setUpdatedAt(now);
            }
            results[written.get(j)] = Recorded.inserted(toStored(row));
          }
          Map<AssetKey, StoredAsset> existing = taken.isEmpty() ? Map.of() : findAll(tx, taken);
          for (int i : mine) {
            if (results[i] == null) {
              StoredAsset holder = existing.get(assets.get(i).key());
              results[i] = holder == null ? Recorded.purged() : Recorded.existing(holder);
            }
          }
          return List.of(results);
        });
  }

  /** The scenes' locks, then the owners' shared locks, each set sorted and in one statement. */
  private static void lockAll(DSLContext tx, List<NewAsset> assets) {
    String[] scenes =
        assets.stream()
            .map(a -> Locks.scene(a.key().projectId(), a.key().sceneId(), a.key().variant()))
            .distinct()
            .sorted()
            .toArray(String[]::new);
    String[] owners =
        assets.stream()
            .map(a -> Locks.owner(a.ownerId()))
            .distinct()
            .sorted()
            .toArray(String[]::new);
    Field<String> name = DSL.field(DSL.name("name"), String.class);
    tx.select(DSL.count(Locks.awaitScene(name)))
        .from(DSL.unnest(DSL.val(scenes)).as("scenes", "name"))
        .fetch();
    tx.select(DSL.count(Locks.shareOwner(name)))
        .from(DSL.unnest(DSL.val(owners)).as("owners", "name"))
        .fetch();
  }

  /** Who owns each of the assets' projects; projects seen for the first time are claimed. */
  private static Map<UUID, UUID> projectOwners(DSLContext tx, List<NewAsset> assets) {
    Set<UUID> projects = new TreeSet<>();
    assets.forEach(a -> projects.add(a.key().projectId()));
    Map<UUID, UUID> owners =
        new HashMap<>(
            tx.select(PROJECTS.PROJECT_ID, PROJECTS.OWNER_ID)
                .from(PROJECTS)
                .where(PROJECTS.PROJECT_ID.in(projects))
                .fetchMap(PROJECTS.PROJECT_ID, PROJECTS.OWNER_ID));
    for (UUID project : projects) {
      if (!owners.containsKey(project)) {
        UUID first =
            assets.stream()
                .filter(a -> a.key().projectId().equals(project))
                .findFirst()
                .orElseThrow()
                .ownerId();
        owners.put(project, claimProject(tx, project, first));
      }
    }
    return owners;
  }

  /** The rows that hold these keys, by key. */
  private static Map<AssetKey, StoredAsset> findAll(DSLContext tx, List<AssetKey> keys) {
    Map<AssetKey, StoredAsset> found = new HashMap<>();
    tx.selectFrom(ASSETS)
        .where(DSL.or(keys.stream().map(JooqAssetLedger::is).toList()))
        .fetch()
        .forEach(r -> found.put(toStored(r).key(), toStored(r)));
    return found;
  }

  /** The values the write statements bind, by parameter name. */
  private static Map<String, Object> writeValues(
      NewAsset asset, AssetsRecord row, OffsetDateTime now) {
    AssetKey key = asset.key();
    Map<String, Object> values = new HashMap<>();
    for (Field<?> column : ASSETS.fields()) {
      values.put(column.getName(), row.get(column));
    }
    values.put("produced_at", asset.producedAt().atOffset(ZoneOffset.UTC));
    values.put("project", key.projectId());
    values.put("scene", key.sceneId());
    values.put("variant", key.variant());
    values.put("version", key.version());
    values.put("id", asset.id());
    values.put("now", now);
    return values;
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

  /**
   * Writing a recording, three statements sent in one round trip: insert the row unless its key is
   * taken or its owner was purged after its event was produced; then, only when the row was
   * inserted and no higher version of its scene exists, make the row that was current no longer so;
   * then make the new row current. Clear first, then set: the partial unique index allows one
   * current row at every moment. Under the scene's lock the current row is always the highest
   * version, so a lower new version leaves everything as it is.
   */
  private static final RenderedOnce WRITE;

  // The same three statements alone, for the JDBC batches of recordAll.
  private static final RenderedOnce INSERT;
  private static final RenderedOnce CLEAR_LOWER_CURRENT;
  private static final RenderedOnce SET_CURRENT;

  static {
    Assets higher = ASSETS.as("higher");
    Assets mine = ASSETS.as("mine");
    Field<UUID> id = RenderedOnce.param("id", UUID.class);
    Field<OffsetDateTime> now = RenderedOnce.param("now", OffsetDateTime.class);
    Condition noHigherVersion =
        DSL.notExists(
            DSL.selectOne()
                .from(higher)
                .where(sceneOf(higher).and(higher.VERSION.gt(versionParam()))));
    Query insert =
        DSL.insertInto(ASSETS)
            .columns(ASSETS.fields())
            .select(
                DSL.select(Arrays.stream(ASSETS.fields()).map(JooqAssetLedger::typed).toList())
                    .whereNotExists(
                        DSL.selectOne()
                            .from(OWNER_PURGES)
                            .where(
                                OWNER_PURGES.OWNER_ID.eq(
                                    RenderedOnce.param("owner_id", ASSETS.OWNER_ID)))
                            .and(
                                OWNER_PURGES.PURGED_AT.gt(
                                    RenderedOnce.param("produced_at", OffsetDateTime.class)))))
            .onConflict(ASSETS.PROJECT_ID, ASSETS.SCENE_ID, ASSETS.VERSION, ASSETS.VARIANT)
            .doNothing();
    Query clearLowerCurrent =
        DSL.update(ASSETS)
            .set(ASSETS.IS_CURRENT, DSL.inline(false))
            .set(ASSETS.UPDATED_AT, now)
            .where(sceneOf(ASSETS))
            .and(ASSETS.IS_CURRENT.eq(DSL.inline(true)))
            .and(ASSETS.VERSION.lt(versionParam()))
            .and(DSL.exists(DSL.selectOne().from(mine).where(mine.ID.eq(id))))
            .and(noHigherVersion);
    Query setCurrent =
        DSL.update(ASSETS)
            .set(ASSETS.IS_CURRENT, DSL.inline(true))
            .set(ASSETS.UPDATED_AT, now)
            .where(ASSETS.ID.eq(id))
            .and(noHigherVersion);
    WRITE = new RenderedOnce(DSL.queries(insert, clearLowerCurrent, setCurrent));
    INSERT = new RenderedOnce(insert);
    CLEAR_LOWER_CURRENT = new RenderedOnce(clearLowerCurrent);
    SET_CURRENT = new RenderedOnce(setCurrent);
  }

  /**
   * The parameter for one column of the insert, cast to the column's type so that PostgreSQL knows
   * the type of a null in a select list; text for text columns, so that a value longer than its
   * column still fails rather than being cut to fit.
   */
  private static <T> Field<?> typed(Field<T> column) {
    Param<T> param = RenderedOnce.param(column.getName(), column);
    return column.getType() == String.class
        ? DSL.cast(param, SQLDataType.CLOB)
        : DSL.cast(param, column.getDataType());
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
