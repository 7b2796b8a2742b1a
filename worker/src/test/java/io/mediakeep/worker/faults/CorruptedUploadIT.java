package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.contracts.CloudEvent;
import io.mediakeep.contracts.GeneratedEvent;
import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.Retention;
import io.mediakeep.worker.core.AssetProcessor;
import io.mediakeep.worker.core.CircuitBreakers;
import io.mediakeep.worker.core.Dependency;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.InMemoryAssetLedger;
import io.mediakeep.worker.core.MediaContent;
import io.mediakeep.worker.core.MediaFormat;
import io.mediakeep.worker.core.Outcome;
import io.mediakeep.worker.core.PipelineObserver;
import io.mediakeep.worker.core.RetryPolicies;
import io.mediakeep.worker.core.StorageLayout;
import io.mediakeep.worker.local.EmbeddedS3;
import io.mediakeep.worker.local.SampleImages;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3ObjectStore;
import io.mediakeep.worker.store.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A PUT whose payload is altered between mediakeep and a real S3 server (s3proxy) is refused and
 * never stored, and the pipeline retries it instead of rejecting the event.
 *
 * <p>Over HTTPS, as against real S3, the SDK signs headers only (UNSIGNED-PAYLOAD), so the
 * x-amz-checksum-sha256 that mediakeep sends, the SHA-256 counted during the download, is what
 * catches the change: 400 BadDigest. Over plain HTTP mediakeep's client does the same
 * (HeaderSigning), where the SDK would sign every aws-chunked chunk. Both are shown, and so is the
 * control case: the same alteration without a checksum is stored without complaint.
 */
class CorruptedUploadIT {

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final byte[] IMAGE = SampleImages.png(11);
  private static final String SHA256_HEX = sha256Hex(IMAGE);

  private static EmbeddedS3 s3;
  private static S3Client direct;
  private static SelfSignedTls tls;

  private S3FaultProxy httpsProxy;
  private S3FaultProxy httpProxy;
  private S3Client viaHttps;
  private S3Client viaHttp;
  private String bucket;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = EmbeddedS3.start("127.0.0.1", Sockets.freePort(), null);
    direct = S3Clients.create(settings(s3.endpoint()), 4);
    tls = SelfSignedTls.create();
  }

  @AfterAll
  static void stopS3() {
    direct.close();
    s3.close();
  }

  @BeforeEach
  void startProxies() throws Exception {
    httpsProxy = S3FaultProxy.withTls(s3.endpoint().getPort(), tls.serverContext());
    httpProxy = S3FaultProxy.to(s3.endpoint().getPort());
    viaHttps = httpsClient(httpsProxy.endpoint(), tls.trustManagers());
    viaHttp = S3Clients.create(settings(httpProxy.endpoint()), 4);
    bucket = "integrity-" + BUCKETS.incrementAndGet();
    direct.createBucket(b -> b.bucket(bucket));
  }

  @AfterEach
  void stopProxies() {
    viaHttps.close();
    viaHttp.close();
    httpsProxy.close();
    httpProxy.close();
  }

  @Test
  void anUnalteredUploadThroughTheProxyIsStoredWithItsChecksumAndAnUnsignedPayload()
      throws Exception {
    new S3ObjectStore(viaHttps).put(bucket, "ok.png", media());

    assertThat(stored("ok.png")).isEqualTo(IMAGE);
    assertThat(httpsProxy.lastPutHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
    assertThat(httpsProxy.lastPutHeader("x-amz-checksum-sha256"))
        .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(SHA256_HEX)));
    assertThat(httpsProxy.corruptedPuts()).isZero();
  }

  @Test
  void aPayloadAlteredInFlightIsRefusedAsBadDigestAndNothingIsStored() {
    httpsProxy.corruptPuts(1);

    assertThatThrownBy(() -> new S3ObjectStore(viaHttps).put(bucket, "bad.png", media()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("S3 PUT " + bucket + "/bad.png failed: 400 BadDigest")
        .cause()
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
            });
    assertThat(httpsProxy.corruptedPuts()).isEqualTo(1);
    assertThat(httpsProxy.lastPutHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
    assertNotStored("bad.png");
  }

  /** The control case: without the checksum nothing notices, so the test above can fail. */
  @Test
  void withoutAChecksumTheSameAlterationIsStoredSilently() {
    httpsProxy.corruptPuts(1);

    viaHttps.putObject(b -> b.bucket(bucket).key("unchecked.png"), RequestBody.fromBytes(IMAGE));

    byte[] stored = stored("unchecked.png");
    assertThat(stored).hasSameSizeAs(IMAGE).isNotEqualTo(IMAGE);
    assertThat(httpsProxy.lastPutHeader("x-amz-checksum-sha256")).isNull();
  }

  /**
   * Over plain HTTP the body is left out of the signature too (HeaderSigning): the signed checksum
   * header is what catches the change, as over HTTPS.
   */
  @Test
  void overPlainHttpTheChecksumRefusesTheAlterationAsOverHttps() {
    httpProxy.corruptPuts(1);

    assertThatThrownBy(() -> new S3ObjectStore(viaHttp).put(bucket, "http.png", media()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("400 BadDigest")
        .cause()
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
            });
    assertThat(httpProxy.corruptedPuts()).isEqualTo(1);
    assertThat(httpProxy.lastPutHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
    assertNotStored("http.png");
  }

  @Test
  void overPlainHttpAnUnalteredUploadIsStoredAndDeleteObjectsKeepsItsChecksum() throws Exception {
    S3ObjectStore store = new S3ObjectStore(viaHttp);
    store.put(bucket, "plain.png", media());

    assertThat(stored("plain.png")).isEqualTo(IMAGE);
    assertThat(httpProxy.lastPutHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
    assertThat(store.deleteAll(bucket, java.util.List.of("plain.png", "never-there.png")))
        .isEmpty();
    assertNotStored("plain.png");
  }

  @Test
  void theCoreRetriesACorruptedUploadAndStoresTheDownloadedBytes() {
    httpsProxy.corruptPuts(1);
    InMemoryAssetLedger ledger = new InMemoryAssetLedger();

    Outcome outcome = processor(ledger).process(event(), java.time.Instant.now());

    assertThat(outcome).isInstanceOf(Outcome.Stored.class);
    String key = ((Outcome.Stored) outcome).asset().objectKey();
    assertThat(stored(key)).isEqualTo(IMAGE);
    assertThat(httpsProxy.corruptedPuts()).isEqualTo(1);
    assertThat(httpsProxy.requests()).isEqualTo(2);
  }

  @Test
  void anUploadThatKeepsArrivingCorruptedWaitsAndIsNeitherStoredNorRejected() {
    httpsProxy.corruptPuts(Integer.MAX_VALUE);
    InMemoryAssetLedger ledger = new InMemoryAssetLedger();

    Outcome outcome = processor(ledger).process(event(), java.time.Instant.now());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.RetryLater.class,
            later -> {
              assertThat(later.dependency()).isEqualTo(Dependency.S3);
              assertThat(later.cause()).hasMessageContaining("400 BadDigest");
            });
    assertThat(httpsProxy.corruptedPuts()).isEqualTo(3);
    assertThat(ledger.size()).isZero();
    assertThat(direct.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  private AssetProcessor processor(InMemoryAssetLedger ledger) {
    return new AssetProcessor(
        ledger,
        (url, kind, provider) -> media(),
        new S3ObjectStore(viaHttps),
        new StorageLayout(bucket, bucket, bucket, null, null, null, Duration.ofDays(7)),
        new RetryPolicies(1, Duration.ofMillis(10), Duration.ofMillis(20), 3),
        new CircuitBreakers(CircuitBreakers.Settings.DEFAULTS),
        Clock.systemUTC(),
        PipelineObserver.NONE);
  }

  private static GeneratedEvent event() {
    MediaGenerated data =
        new MediaGenerated(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "scene",
            1,
            0,
            "https://cdn.example/a.png",
            null,
            Retention.PROJECT,
            new Generation("test", "model", null, null, null, null, null),
            null);
    return new GeneratedEvent(
        new CloudEvent(
            UUID.randomUUID().toString(),
            "/test",
            "media.image.generated",
            Instant.now(),
            null,
            new byte[0]),
        MediaKind.IMAGE,
        data);
  }

  private static FetchedMedia media() {
    return new FetchedMedia(
        new MediaContent.InMemory(IMAGE), MediaFormat.PNG, SHA256_HEX, IMAGE.length, 1, 1, null);
  }

  private byte[] stored(String key) {
    return direct.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  private void assertNotStored(String key) {
    assertThatThrownBy(() -> direct.headObject(b -> b.bucket(bucket).key(key)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(() -> stored(key)).isInstanceOf(NoSuchKeyException.class);
  }

  private static S3Settings settings(URI endpoint) {
    return new S3Settings(
        endpoint, "us-east-1", EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY, true);
  }

  /** S3Clients' settings, plus trust in the proxy's certificate. */
  private static S3Client httpsClient(URI endpoint, TrustManager[] trust) {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(Apache5HttpClient.builder().tlsTrustManagersProvider(() -> trust))
        .endpointOverride(endpoint)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
        .build();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
