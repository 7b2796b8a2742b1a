package io.mediakeep.worker.store;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaContent;
import io.mediakeep.worker.core.ObjectMissingException;
import io.mediakeep.worker.core.ObjectStore;
import io.mediakeep.worker.core.Reconciliation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Writes objects with the AWS SDK v2. Every PUT carries x-amz-checksum-sha256 of what it sends, so
 * the server refuses bytes that changed on the way: of the whole file, or, for a file spooled to
 * disk above {@link Parts#uploadThreshold()}, of each part of a multipart upload, every part
 * retried on its own. Deletes go in DeleteObjects requests of up to 1,000 keys; copies stay inside
 * S3, in parts above a size.
 */
public final class S3ObjectStore implements ObjectStore, Reconciliation.ObjectListing {

  /** S3's limit of keys per DeleteObjects request. */
  static final int DELETE_BATCH = 1000;

  /** S3's smallest part but the last. */
  public static final long MIN_PART_SIZE = 5L << 20;

  /**
   * Above which size, and in parts of which size, uploads and copies go in parts. A single PUT or
   * CopyObject is limited to 5 GiB; parts let a failed piece be sent again on its own.
   */
  public record Parts(
      long uploadThreshold, long uploadPartSize, long copyThreshold, long copyPartSize) {

    public static final Parts DEFAULTS = new Parts(64L << 20, 16L << 20, 1L << 30, 256L << 20);

    public Parts {
      if (uploadPartSize < MIN_PART_SIZE || copyPartSize < MIN_PART_SIZE) {
        throw new IllegalArgumentException("parts must be at least 5 MiB");
      }
    }
  }

  private static final int PART_ATTEMPTS = 4;

  private final S3Client s3;
  private final Parts parts;
  private final Retry partRetry;

  public S3ObjectStore(S3Client s3) {
    this(s3, Parts.DEFAULTS);
  }

  public S3ObjectStore(S3Client s3, Parts parts) {
    this.s3 = s3;
    this.parts = parts;
    this.partRetry =
        Retry.of(
            "s3-part",
            RetryConfig.custom()
                .maxAttempts(PART_ATTEMPTS)
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(
                        Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(5)))
                .retryExceptions(SdkException.class)
                .build());
  }

  @Override
  public void put(String bucket, String key, FetchedMedia media) throws IOException {
    if (media.content() instanceof MediaContent.Spooled spooled
        && media.sizeBytes() > parts.uploadThreshold()) {
      putInParts(bucket, key, media.format().contentType(), spooled);
      return;
    }
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
          // Read in place: RequestBody.fromBytes would copy every body once more.
          case MediaContent.InMemory memory ->
              RequestBody.fromContentProvider(
                  () -> new ByteArrayInputStream(memory.bytes()),
                  memory.bytes().length,
                  media.format().contentType());
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
      if (sizeBytes <= parts.copyThreshold()) {
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
      List<CompletedPart> copied = new ArrayList<>();
      int number = 1;
      for (long start = 0; start < sizeBytes; start += parts.copyPartSize(), number++) {
        long end = Math.min(sizeBytes, start + parts.copyPartSize()) - 1;
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
        copied.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          r ->
              r.bucket(toBucket)
                  .key(toKey)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(copied)));
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
   * A multipart upload of a spooled file: each part is hashed, then sent with its SHA-256, which
   * the server checks, and sent again on its own if it fails (up to {@value #PART_ATTEMPTS} times).
   * Anything else that fails aborts the upload, so no parts are left behind.
   */
  private void putInParts(String bucket, String key, String contentType, MediaContent.Spooled file)
      throws IOException {
    String what = "S3 multipart PUT " + bucket + "/" + key;
    String uploadId;
    try {
      uploadId =
          s3.createMultipartUpload(
                  r ->
                      r.bucket(bucket)
                          .key(key)
                          .contentType(contentType)
                          .checksumAlgorithm(ChecksumAlgorithm.SHA256))
              .uploadId();
    } catch (SdkException e) {
      throw new IOException(what + " could not start: " + describe(e), e);
    }
    try (FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ)) {
      List<CompletedPart> done = new ArrayList<>();
      int number = 1;
      for (long offset = 0; offset < file.size(); offset += parts.uploadPartSize(), number++) {
        long length = Math.min(parts.uploadPartSize(), file.size() - offset);
        done.add(uploadPart(bucket, key, uploadId, channel, number, offset, length));
      }
      s3.completeMultipartUpload(
          r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done)));
    } catch (IOException | RuntimeException e) {
      try {
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException abort) {
        e.addSuppressed(abort);
      }
      if (e instanceof SdkException sdk) {
        throw new IOException(what + " failed: " + describe(sdk), e);
      }
      throw e;
    }
  }

  private CompletedPart uploadPart(
      String bucket,
      String key,
      String uploadId,
      FileChannel channel,
      int number,
      long offset,
      long length)
      throws IOException {
    String sha256 = FileRegion.sha256Base64(channel, offset, length);
    try {
      return partRetry.executeCallable(
          () -> {
            String etag =
                s3.uploadPart(
                        r ->
                            r.bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .contentLength(length)
                                .checksumSHA256(sha256),
                        RequestBody.fromContentProvider(
                            () -> new FileRegion(channel, offset, length),
                            length,
                            "application/octet-stream"))
                    .eTag();
            return CompletedPart.builder()
                .partNumber(number)
                .eTag(etag)
                .checksumSHA256(sha256)
                .build();
          });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("part " + number + " of " + bucket + "/" + key + " failed", e);
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

  /**
   * The bucket's objects under {@code prefix}, in the key order S3 lists them (UTF-8 binary), a
   * page of up to 1,000 at a time as they are consumed.
   */
  @Override
  public Iterator<Reconciliation.ListedObject> list(String bucket, String prefix)
      throws IOException {
    try {
      Iterator<S3Object> objects =
          s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix == null ? "" : prefix))
              .contents()
              .iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return objects.hasNext();
        }

        @Override
        public Reconciliation.ListedObject next() {
          var o = objects.next();
          return new Reconciliation.ListedObject(o.key(), o.size(), o.lastModified());
        }
      };
    } catch (SdkException e) {
      throw new IOException("could not list " + bucket + ": " + e.getMessage(), e);
    }
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
