package io.mediakeep.worker.store;

import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaContent;
import io.mediakeep.worker.core.ObjectStore;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes objects with the AWS SDK v2. Every PUT carries x-amz-checksum-sha256 of the whole file, so
 * the server refuses bytes that changed on the way. Spooled files are streamed from disk.
 */
public final class S3ObjectStore implements ObjectStore {

  private final S3Client s3;

  public S3ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public void put(String bucket, String key, FetchedMedia media) throws IOException {
    PutObjectRequest request =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(media.format().contentType())
            .contentLength(media.sizeBytes())
            .checksumSHA256(
                Base64.getEncoder().encodeToString(HexFormat.of().parseHex(media.sha256Hex())))
            .build();
    RequestBody body =
        switch (media.content()) {
          case MediaContent.InMemory memory -> RequestBody.fromBytes(memory.bytes());
          case MediaContent.Spooled spooled -> RequestBody.fromFile(spooled.file());
        };
    try {
      s3.putObject(request, body);
    } catch (SdkException e) {
      throw new IOException("S3 PUT " + bucket + "/" + key + " failed: " + describe(e), e);
    }
  }

  @Override
  public void delete(String bucket, String key) throws IOException {
    try {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (SdkException e) {
      throw new IOException("S3 DELETE " + bucket + "/" + key + " failed: " + describe(e), e);
    }
  }

  /**
   * Status and S3 error code first ("400 BadDigest: ..."), since the SDK's message may leave the
   * code out and it is what tells a corrupted upload from an outage.
   */
  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      return service.statusCode() + (code == null ? "" : " " + code) + ": " + e.getMessage();
    }
    return e.getMessage();
  }

  /** True when the bucket answers; used by the readiness check. */
  public boolean reachable(String bucket) {
    try {
      s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
      return true;
    } catch (SdkException e) {
      return false;
    }
  }
}
