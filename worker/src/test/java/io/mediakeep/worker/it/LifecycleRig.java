package io.mediakeep.worker.it;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.Lifecycles;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.core.AssetKey;
import io.mediakeep.worker.core.ExpirySweep;
import io.mediakeep.worker.core.LifecycleObserver;
import io.mediakeep.worker.core.NewAsset;
import io.mediakeep.worker.core.StorageLayout;
import io.mediakeep.worker.core.StoredAsset;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.JooqAssetLedger;
import io.mediakeep.worker.kafka.EventPublisher;
import io.mediakeep.worker.local.SampleImages;
import io.mediakeep.worker.store.S3ObjectStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * What the lifecycle tests need beside a running worker: sweeps built as {@code mediakeep sweep}
 * builds them (its own pool, S3 client and producer, on the pipeline's topics), assets recorded and
 * stored directly through the real ledger and S3, and looks at rows and objects.
 */
final class LifecycleRig implements AutoCloseable {

  private final Pipeline pipeline;
  final WorkerConfig config;
  final S3Client s3;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Database database;

  LifecycleRig(Pipeline pipeline) {
    this.pipeline = pipeline;
    this.config = WorkerConfig.fromEnv(pipeline.env());
    this.s3 = pipeline.stack.s3Client();
    this.database = own(Database.connect(SharedStack.db(8), null));
    database.migrate();
  }

  private <T extends AutoCloseable> T own(T closeable) {
    owned.add(closeable);
    return closeable;
  }

  StorageLayout layout() {
    return config.layout();
  }

  /** A sweep of its own, as a second worker or the CLI would run one. */
  ExpirySweep sweep() {
    Database db = own(Database.connect(SharedStack.db(4), null));
    EventPublisher publisher =
        own(new EventPublisher(new KafkaProducer<>(config.kafka().producerConfig())));
    return Lifecycles.of(
            config,
            db.dsl(),
            new S3ObjectStore(s3),
            publisher,
            new EventCodec(),
            Clock.systemUTC(),
            LifecycleObserver.NONE)
        .sweep();
  }

  /**
   * An asset recorded as the worker records one and its object stored, without a download: {@code
   * size} bytes of a real PNG, expiring at {@code expiresAt} when it is a workspace asset.
   */
  StoredAsset store(
      UUID owner, UUID project, String scene, int version, Retention retention, Instant expiresAt) {
    byte[] png = SampleImages.png(version * 31 + scene.hashCode());
    String sha = Sha256.hex(png);
    AssetKey key = new AssetKey(project, scene, version, 0);
    String bucket = layout().bucket(retention);
    String objectKey = StorageLayout.keyPrefix(owner, key) + sha.substring(0, 16) + ".png";
    s3.putObject(
        b -> b.bucket(bucket).key(objectKey).contentType("image/png"), RequestBody.fromBytes(png));
    NewAsset asset =
        new NewAsset(
            UUID.randomUUID(),
            owner,
            key,
            MediaKind.IMAGE,
            retention,
            bucket,
            objectKey,
            null,
            "image/png",
            png.length,
            sha,
            320,
            180,
            null,
            "https://source.example/" + scene + "/" + version,
            "test",
            "model-1",
            "a prompt to forget",
            7L,
            Map.of("steps", 4),
            "job",
            "event-" + UUID.randomUUID(),
            expiresAt,
            Instant.now(),
            io.mediakeep.contracts.AssetRole.SCENE_IMAGE,
            null,
            null);
    return new JooqAssetLedger(database.dsl()).record(asset).asset();
  }

  boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Keys in a bucket under a prefix. */
  List<String> keys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
        .contents()
        .forEach(o -> keys.add(o.key()));
    return keys;
  }

  /** The first column of the first row, as the worker's login reads it. */
  String value(String sql, Object... args) throws SQLException {
    try (Connection c = pipeline.db();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** A collection's asset_count, as the app bound to its owner reads it. */
  long assetCount(UUID owner, UUID collection) throws SQLException {
    try (Connection c =
            java.sql.DriverManager.getConnection(
                pipeline.stack.jdbcUrl(), "mediakeep_app", "mediakeep");
        PreparedStatement s =
            c.prepareStatement(
                "select set_config('mediakeep.owner_id', ?, false),"
                    + " (select asset_count from collections where id = ?)")) {
      s.setString(1, owner.toString());
      s.setObject(2, collection);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(2);
      }
    }
  }

  long count(String sql, Object... args) throws SQLException {
    return Long.parseLong(value(sql, args));
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable closeable : owned.reversed()) {
      closeable.close();
    }
    s3.close();
  }
}
