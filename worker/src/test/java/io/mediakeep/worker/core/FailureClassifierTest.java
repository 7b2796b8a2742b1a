package io.mediakeep.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FailureClassifier.Failure;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @ParameterizedTest
  @CsvSource({
    "404, SOURCE_NOT_FOUND",
    "410, SOURCE_NOT_FOUND",
    "400, SOURCE_NOT_FOUND",
    "401, SOURCE_FORBIDDEN",
    "403, SOURCE_FORBIDDEN"
  })
  void permanentStatuses(int status, RejectReason reason) {
    Failure failure =
        FailureClassifier.classifyFetch(new SourceStatusException("h", status, null), null, NOW);
    assertThat(failure).isEqualTo(new Failure.Permanent(reason, "HTTP " + status + " from h"));
  }

  @ParameterizedTest
  @CsvSource({"408", "425", "429", "500", "502", "503", "504"})
  void transientStatuses(int status) {
    assertThat(
            FailureClassifier.classifyFetch(
                new SourceStatusException("h", status, null), null, NOW))
        .isInstanceOf(Failure.Transient.class);
  }

  @Test
  void retryAfterIsCarried() {
    Failure failure =
        FailureClassifier.classifyFetch(
            new SourceStatusException("h", 429, Duration.ofSeconds(9)), null, NOW);
    assertThat(((Failure.Transient) failure).retryAfter()).contains(Duration.ofSeconds(9));
  }

  @Test
  void notFoundAfterTheSourceExpiredIsExpired() {
    Failure failure =
        FailureClassifier.classifyFetch(
            new SourceStatusException("h", 404, null), NOW.minusSeconds(1), NOW);
    assertThat(((Failure.Permanent) failure).reason()).isEqualTo(RejectReason.SOURCE_EXPIRED);
  }

  @Test
  void notFoundBeforeExpiryIsNotFound() {
    Failure failure =
        FailureClassifier.classifyFetch(
            new SourceStatusException("h", 404, null), NOW.plusSeconds(60), NOW);
    assertThat(((Failure.Permanent) failure).reason()).isEqualTo(RejectReason.SOURCE_NOT_FOUND);
  }

  @Test
  void policyRefusalsKeepTheirReason() {
    Failure failure =
        FailureClassifier.classifyFetch(
            new MediaRejectedException(RejectReason.BLOCKED_URL, "loopback"), null, NOW);
    assertThat(failure).isEqualTo(new Failure.Permanent(RejectReason.BLOCKED_URL, "loopback"));
  }

  @Test
  void networkErrorsAreTransient() {
    assertThat(FailureClassifier.isTransientFetchFailure(new IOException("reset"))).isTrue();
    assertThat(FailureClassifier.isTransientFetchFailure(new UnknownHostException("x"))).isTrue();
    assertThat(FailureClassifier.isTransientFetchFailure(new IllegalStateException("bug")))
        .isTrue();
  }
}
