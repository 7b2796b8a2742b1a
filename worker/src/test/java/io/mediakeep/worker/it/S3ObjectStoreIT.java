package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaContent;
import io.mediakeep.worker.core.MediaFormat;
import io.mediakeep.worker.core.ObjectMissingException;
import io.mediakeep.worker.faults.S3FaultProxy;
import io.mediakeep.worker.local.EmbeddedS3;
import io.mediakeep.worker.local.LocalStack;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3ObjectStore;
import io.mediakeep.worker.store.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Deletes in batches and server-side copies, whole and in parts, against a real S3 server. */
class S3ObjectStoreIT {

  private static final String BUCKET = LocalStack.WORKSPACE_BUCKET;
  private static final String LIBRARY = LocalStack.LIBRARY_BUCKET;

  private static S3Client s3;

  @BeforeAll
  static void connect() {
    s3 = SharedStack.get().s3Client();
  }

  @AfterAll
  static void close() {
    s3.close();
  }

  @Test
  void deletesMoreKeysThanOneRequestTakesAndCountsMissingOnesAsDeleted() throws Exception {
    String prefix = "delete-" + UUID.randomUUID() + "/";
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 2_100; i++) {
      String key = prefix + i;
      keys.add(key);
      if (i % 3 != 0) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("x" + i));
      }
    }

    List<String> failed = new S3ObjectStore(s3).deleteAll(BUCKET, keys);

    assertThat(failed).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents()).isEmpty();
  }

  @Test
  void copiesWholeAndInPartsByteForByte() throws Exception {
    byte[] bytes = new byte[12 * 1024 * 1024 + 123];
    new Random(5).nextBytes(bytes);
    String source = "copy-" + UUID.randomUUID() + "/video.mp4";
    s3.putObject(
        b -> b.bucket(BUCKET).key(source).contentType("video/mp4"), RequestBody.fromBytes(bytes));
    S3ObjectStore inParts =
        new S3ObjectStore(s3, new S3ObjectStore.Parts(5L << 20, 5L << 20, 5L << 20, 5L << 20));
    S3ObjectStore whole = new S3ObjectStore(s3);

    inParts.copy(BUCKET, source, LIBRARY, source + ".parts", bytes.length);
    whole.copy(BUCKET, source, LIBRARY, source + ".whole", bytes.length);

    for (String copy : List.of(source + ".parts", source + ".whole")) {
      byte[] copied = s3.getObjectAsBytes(b -> b.bucket(LIBRARY).key(copy)).asByteArray();
      assertThat(Sha256.hex(copied)).as(copy).isEqualTo(Sha256.hex(bytes));
      assertThat(s3.headObject(b -> b.bucket(LIBRARY).key(copy)).contentType())
          .as(copy)
          .isEqualTo("video/mp4");
    }
  }

  /**
   * A spooled file above the threshold goes up in parts, each with its SHA-256; a part corrupted on
   * the way is refused by the server (BadDigest) and sent again on its own, and the object stored
   * is the file, byte for byte.
   */
  @Test
  void aLargeFileGoesUpInPartsAndACorruptedPartIsSentAgain() throws Exception {
    byte[] bytes = new byte[11 * 1024 * 1024 + 77];
    new Random(9).nextBytes(bytes);
    Path file = Files.createTempFile("mediakeep-parts-", ".part");
    Files.write(file, bytes);
    FetchedMedia media =
        new FetchedMedia(
            new MediaContent.Spooled(file, bytes.length),
            MediaFormat.MP4,
            Sha256.hex(bytes),
            bytes.length,
            null,
            null,
            null);
    int s3Port = SharedStack.get().s3Endpoint().getPort();
    try (S3FaultProxy proxy = S3FaultProxy.to(s3Port);
        S3Client viaProxy =
            S3Clients.create(
                new S3Settings(
                    proxy.endpoint(),
                    "us-east-1",
                    EmbeddedS3.ACCESS_KEY,
                    EmbeddedS3.SECRET_KEY,
                    true),
                4)) {
      S3ObjectStore store =
          new S3ObjectStore(
              viaProxy, new S3ObjectStore.Parts(5L << 20, 5L << 20, 1L << 30, 5L << 20));
      String key = "parts-" + UUID.randomUUID() + "/video.mp4";
      proxy.corruptPuts(1);

      store.put(BUCKET, key, media);

      assertThat(proxy.corruptedPuts()).as("one part was corrupted on the way").isEqualTo(1);
      byte[] stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
      assertThat(Sha256.hex(stored)).isEqualTo(Sha256.hex(bytes));
      assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).contentType())
          .isEqualTo("video/mp4");
      assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads())
          .noneMatch(u -> u.key().equals(key));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void copyingAMissingObjectSaysSo() {
    assertThatThrownBy(
            () ->
                new S3ObjectStore(s3)
                    .copy(BUCKET, "missing/" + UUID.randomUUID(), LIBRARY, "never", 10))
        .isInstanceOf(ObjectMissingException.class);
    assertThatThrownBy(
            () ->
                new S3ObjectStore(s3, new S3ObjectStore.Parts(1, 5L << 20, 1, 5L << 20))
                    .copy(BUCKET, "missing/" + UUID.randomUUID(), LIBRARY, "never", 10))
        .isInstanceOf(ObjectMissingException.class);
  }
}
