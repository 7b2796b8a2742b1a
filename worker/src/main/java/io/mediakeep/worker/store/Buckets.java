package io.mediakeep.worker.store;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** Creates the buckets of the local stack and of tests when they are missing. */
public final class Buckets {

  private Buckets() {}

  public static void ensure(S3Client s3, String... buckets) {
    for (String bucket : buckets) {
      try {
        s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
      } catch (NoSuchBucketException missing) {
        try {
          s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException raced) {
          // another process created it between the check and the create
        }
      }
    }
  }
}
