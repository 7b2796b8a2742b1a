package io.mediakeep.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.MediaRejectedException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Limits, downloads and assertions shared by the fetch tests. */
final class Downloads {

  static final long MIB = 1024 * 1024;

  /** Tika loads its type registry once per instance; one is enough for all tests. */
  static final MediaSniffer SNIFFER = new MediaSniffer();

  private Downloads() {}

  /** The production defaults, with short deadlines. */
  static FetchLimits limits(Path spoolDir) {
    return limits(spoolDir, 512 * 1024, Duration.ofSeconds(10), 3);
  }

  static FetchLimits limits(Path spoolDir, int inMemoryBytes, Duration total, int maxRedirects) {
    return new FetchLimits(
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        total,
        maxRedirects,
        10 * MIB,
        1024 * MIB,
        100_000_000L,
        1000,
        Duration.ofHours(2),
        inMemoryBytes,
        spoolDir,
        FetchLimits.DEFAULT_MIN_RATE_BYTES,
        FetchLimits.DEFAULT_RATE_WINDOW);
  }

  static StreamingDownload download(FetchLimits limits) {
    return new StreamingDownload(limits, SNIFFER, new DimensionReader());
  }

  /** An HTTP fetcher allowed plain http, with the exemptions in {@code allow}. */
  static HttpSourceFetcher http(FetchLimits limits, HostResolver resolver, String allow) {
    FetchAllowList list = FetchAllowList.parse(allow);
    UrlGuard guard =
        new UrlGuard(
            new SourceRules(Set.of("http"), Set.of(80, 443), HostAllowList.ANY, list),
            new AddressPolicy(list.networks()),
            resolver);
    return new HttpSourceFetcher(guard, limits, download(limits));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts that the call is refused with the reason, and returns the refusal. */
  static MediaRejectedException rejected(RejectReason reason, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(MediaRejectedException.class);
    MediaRejectedException rejection = (MediaRejectedException) thrown;
    assertThat(rejection.reason()).as(rejection.getMessage()).isEqualTo(reason);
    return rejection;
  }
}
