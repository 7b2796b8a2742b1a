package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.worker.core.ObjectMissingException;
import io.mediakeep.worker.local.LocalStack;
import io.mediakeep.worker.store.S3ObjectStore;
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
    S3ObjectStore inParts = new S3ObjectStore(s3, 5L << 20, 5L << 20);
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

  @Test
  void copyingAMissingObjectSaysSo() {
    assertThatThrownBy(
            () ->
                new S3ObjectStore(s3)
                    .copy(BUCKET, "missing/" + UUID.randomUUID(), LIBRARY, "never", 10))
        .isInstanceOf(ObjectMissingException.class);
    assertThatThrownBy(
            () ->
                new S3ObjectStore(s3, 1, 5L << 20)
                    .copy(BUCKET, "missing/" + UUID.randomUUID(), LIBRARY, "never", 10))
        .isInstanceOf(ObjectMissingException.class);
  }
}
