package io.mediakeep.worker.store;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 that signs the request's headers and leaves the body out of the signature ({@code
 * x-amz-content-sha256: UNSIGNED-PAYLOAD}) over plain HTTP as the SDK already does over HTTPS.
 *
 * <p>Over plain HTTP the SDK otherwise signs the body in aws-chunked chunks: one more SHA-256 of
 * every byte, an HMAC per 128 KiB and a re-framed stream, the largest single cost of a stored
 * event. It adds nothing to what mediakeep already asks of the server: every PUT and every part
 * carries {@code x-amz-checksum-sha256} of its bytes, counted while they were downloaded; that
 * header is signed, and the server refuses a body that does not match it (400 BadDigest, {@code
 * CorruptedUploadIT}). Requests with no body, and requests over HTTPS, are signed exactly as the
 * SDK signs them.
 */
final class HeaderSigning implements AwsV4AuthScheme {

  private final AwsV4AuthScheme standard = AwsV4AuthScheme.create();
  private final AwsV4HttpSigner signer = new Signer(standard.signer());

  @Override
  public String schemeId() {
    return standard.schemeId();
  }

  @Override
  public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
    return standard.identityProvider(providers);
  }

  @Override
  public AwsV4HttpSigner signer() {
    return signer;
  }

  private record Signer(AwsV4HttpSigner sdk) implements AwsV4HttpSigner {

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
      if (request.payload().isEmpty()
          || "https".equals(request.request().protocol())
          || checksumLeftToSigner(request)) {
        return sdk.sign(request);
      }
      // The SDK signs an HTTP payload whenever it sees one, whatever the properties say; it is
      // given the request without its body, and the body is put back after.
      SignRequest<? extends AwsCredentialsIdentity> headersOnly =
          request.toBuilder()
              .payload(null)
              .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
              .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
              .build();
      SignedRequest signed = sdk.sign(headersOnly);
      return signed.toBuilder().payload(request.payload().get()).build();
    }

    /**
     * A checksum the SDK is to compute while it signs (DeleteObjects' required one) needs the body;
     * such a request is signed as the SDK signs it.
     */
    private static boolean checksumLeftToSigner(
        SignRequest<? extends AwsCredentialsIdentity> request) {
      ChecksumAlgorithm algorithm = request.property(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM);
      return algorithm != null
          && request
              .request()
              .firstMatchingHeader(
                  "x-amz-checksum-" + algorithm.algorithmId().toLowerCase(Locale.ROOT))
              .isEmpty();
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(
        AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
      return sdk.signAsync(request);
    }
  }
}
