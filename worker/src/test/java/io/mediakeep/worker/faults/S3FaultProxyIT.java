package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.worker.local.EmbeddedS3;
import io.mediakeep.worker.local.SampleImages;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 fault proxy between the AWS SDK client mediakeep uses and a real (embedded) S3 server. */
class S3FaultProxyIT {

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private static EmbeddedS3 s3;
  private static S3Client direct;
  private S3FaultProxy proxy;
  private S3Client client;
  private String bucket;

  @BeforeAll
  static void startS3() {
    s3 = EmbeddedS3.start("127.0.0.1", Sockets.freePort(), null);
    direct = client(s3.endpoint());
  }

  @AfterAll
  static void stopS3() {
    direct.close();
    s3.close();
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = S3FaultProxy.to(s3.endpoint().getPort());
    client = client(proxy.endpoint());
    bucket = "probe-" + BUCKETS.incrementAndGet();
  }

  @AfterEach
  void stopProxy() {
    client.close();
    proxy.close();
  }

  private static S3Client client(URI endpoint) {
    return S3Clients.create(
        new S3Settings(endpoint, "us-east-1", EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY, true),
        8);
  }

  private void put(S3Client via, String key, byte[] bytes) throws Exception {
    String sha256 =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    via.putObject(
        PutObjectRequest.builder().bucket(bucket).key(key).checksumSHA256(sha256).build(),
        RequestBody.fromBytes(bytes));
  }

  private byte[] get(S3Client via, String key) {
    return via.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  @Test
  void withoutFaultsEveryCallWorksThroughTheProxy() throws Exception {
    byte[] image = SampleImages.png(1);

    client.createBucket(b -> b.bucket(bucket));
    put(client, "a/1.png", image);

    assertThat(get(client, "a/1.png")).isEqualTo(image);
    assertThat(client.headObject(b -> b.bucket(bucket).key("a/1.png")).contentLength())
        .isEqualTo(image.length);
    assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(S3Object::key)
        .containsExactly("a/1.png");
    client.deleteObject(b -> b.bucket(bucket).key("a/1.png"));
    assertThatThrownBy(() -> get(client, "a/1.png")).isInstanceOf(NoSuchKeyException.class);

    assertThat(proxy.requests()).isEqualTo(7);
    assertThat(proxy.forwarded()).isEqualTo(7);
    assertThat(proxy.slowDowns() + proxy.internalErrors()).isZero();
  }

  @Test
  void slowDownReachesTheCallerAsS3Error503() throws Exception {
    direct.createBucket(b -> b.bucket(bucket));
    proxy.faults(1.0, 0.0);

    assertThatThrownBy(() -> put(client, "slow.png", SampleImages.png(2)))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(503);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
            });

    // The SDK retries 503 itself (4 attempts with SDK 2.56): each reached the proxy, none got on.
    assertThat(proxy.requests()).isGreaterThan(1);
    assertThat(proxy.slowDowns()).isEqualTo(proxy.requests());
    assertThat(proxy.forwarded()).isZero();
    assertThatThrownBy(() -> get(direct, "slow.png")).isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void retriedPutsAllLandDespiteInjectedErrors() throws Exception {
    direct.createBucket(b -> b.bucket(bucket));
    proxy.faults(0.20, 0.05);

    int failedCalls = 0;
    for (int i = 0; i < 100; i++) {
      failedCalls += putRetrying("img/" + i + ".png", SampleImages.png(i), 10);
    }

    for (int i = 0; i < 100; i++) {
      assertThat(get(direct, "img/" + i + ".png"))
          .as("object %d", i)
          .isEqualTo(SampleImages.png(i));
    }
    assertThat(proxy.slowDowns()).isPositive();
    assertThat(proxy.internalErrors()).isPositive();
    assertThat(proxy.forwarded()).isGreaterThanOrEqualTo(100);
    assertThat(proxy.requests())
        .isEqualTo(proxy.slowDowns() + proxy.internalErrors() + proxy.forwarded());
    System.out.printf(
        "S3FaultProxyIT: %d requests, %d SlowDown, %d InternalError, %d forwarded,"
            + " %d SDK calls failed after the SDK's own retries%n",
        proxy.requests(),
        proxy.slowDowns(),
        proxy.internalErrors(),
        proxy.forwarded(),
        failedCalls);
  }

  /** Puts until it succeeds, at most {@code attempts} times; returns how many calls failed. */
  private int putRetrying(String key, byte[] bytes, int attempts) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        put(client, key, bytes);
        return attempt - 1;
      } catch (S3Exception e) {
        if (attempt == attempts) {
          throw e;
        }
      }
    }
  }

  @Test
  void downRefusesConnectionsUntilUpAgain() {
    direct.createBucket(b -> b.bucket(bucket));
    proxy.down(true);

    assertThatThrownBy(() -> client.headBucket(b -> b.bucket(bucket)))
        .isInstanceOf(SdkClientException.class);
    assertThat(proxy.refused()).isPositive();
    assertThat(proxy.requests()).isZero();

    proxy.down(false);

    client.headBucket(b -> b.bucket(bucket));
    assertThat(proxy.forwarded()).isEqualTo(1);
  }
}
