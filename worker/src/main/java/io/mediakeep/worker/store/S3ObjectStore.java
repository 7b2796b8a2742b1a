package io.mediakeep.worker.store;

import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaContent;
import io.mediakeep.worker.core.ObjectMissingException;
import io.mediakeep.worker.core.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes objects with the AWS SDK v2. Every PUT carries x-amz-checksum-sha256 of the whole file, so
 * the server refuses bytes that changed on the way. Spooled files are streamed from disk. Deletes
 * go in DeleteObjects requests of up to 1,000 keys; copies stay inside S3, in parts above a size.
 */
public final class S3ObjectStore implements ObjectStore {

  /** S3's limit of keys per DeleteObjects request. */
  static final int DELETE_BATCH = 1000;

  /** Copies above this size go in parts (a single CopyObject is limited to 5 GiB). */
  public static final long MULTIPART_COPY_THRESHOLD = 1L << 30;

  /** The size of each part of a multipart copy. */
  public static final long COPY_PART_SIZE = 256L << 20;

  private final S3Client s3;
  private final long multipartCopyThreshold;
  private final long copyPartSize;

  public S3ObjectStore(S3Client s3) {
    this(s3, MULTIPART_COPY_THRESHOLD, COPY_PART_SIZE);
  }

  /** A store that copies in parts of {@code copyPartSize} above {@code multipartCopyThreshold}. */
  public S3ObjectStore(S3Client s3, long multipartCopyThreshold, long copyPartSize) {
    this.s3 = s3;
    this.multipartCopyThreshold = multipartCopyThreshold;
    this.copyPartSize = copyPartSize;
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

  @Override
  public List<String> deleteAll(String bucket, List<String> keys) throws IOException {
    List<String> failed = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
      List<String> slice = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH));
      DeleteObjectsResponse response;
      try {
        response =
            s3.deleteObjects(
                r ->
                    r.bucket(bucket)
                        .delete(
                            d ->
                                d.quiet(true)
                                    .objects(
                                        slice.stream()
                                            .map(k -> ObjectIdentifier.builder().key(k).build())
                                            .toList())));
      } catch (SdkException e) {
        throw new IOException(
            "S3 DeleteObjects of "
                + slice.size()
                + " keys in "
                + bucket
                + " failed: "
                + describe(e),
            e);
      }
      for (S3Error error : response.errors()) {
        if (!"NoSuchKey".equals(error.code())) {
          failed.add(error.key());
        }
      }
    }
    return failed;
  }

  @Override
  public void copy(String fromBucket, String fromKey, String toBucket, String toKey, long sizeBytes)
      throws IOException {
    String what = "S3 copy " + fromBucket + "/" + fromKey + " to " + toBucket + "/" + toKey;
    try {
      if (sizeBytes <= multipartCopyThreshold) {
        s3.copyObject(
            r ->
                r.sourceBucket(fromBucket)
                    .sourceKey(fromKey)
                    .destinationBucket(toBucket)
                    .destinationKey(toKey));
      } else {
        copyInParts(fromBucket, fromKey, toBucket, toKey, sizeBytes);
      }
    } catch (NoSuchKeyException e) {
      throw new ObjectMissingException(what + " failed: the source is missing", e);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new ObjectMissingException(what + " failed: " + describe(e), e);
      }
      throw new IOException(what + " failed: " + describe(e), e);
    } catch (SdkException e) {
      throw new IOException(what + " failed: " + describe(e), e);
    }
  }

  private void copyInParts(
      String fromBucket, String fromKey, String toBucket, String toKey, long sizeBytes) {
    String contentType = s3.headObject(r -> r.bucket(fromBucket).key(fromKey)).contentType();
    String uploadId =
        s3.createMultipartUpload(r -> r.bucket(toBucket).key(toKey).contentType(contentType))
            .uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long start = 0; start < sizeBytes; start += copyPartSize, number++) {
        long end = Math.min(sizeBytes, start + copyPartSize) - 1;
        int part = number;
        String range = "bytes=" + start + "-" + end;
        String etag =
            s3.uploadPartCopy(
                    r ->
                        r.sourceBucket(fromBucket)
                            .sourceKey(fromKey)
                            .destinationBucket(toBucket)
                            .destinationKey(toKey)
                            .uploadId(uploadId)
                            .partNumber(part)
                            .copySourceRange(range))
                .copyPartResult()
                .eTag();
        parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          r ->
              r.bucket(toBucket)
                  .key(toKey)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (RuntimeException e) {
      try {
        s3.abortMultipartUpload(r -> r.bucket(toBucket).key(toKey).uploadId(uploadId));
      } catch (SdkException abort) {
        e.addSuppressed(abort);
      }
      throw e;
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
