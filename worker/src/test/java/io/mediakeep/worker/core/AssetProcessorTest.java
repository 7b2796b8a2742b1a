package io.mediakeep.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mediakeep.contracts.CloudEvent;
import io.mediakeep.contracts.GeneratedEvent;
import io.mediakeep.contracts.Generation;
import io.mediakeep.contracts.MediaGenerated;
import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.contracts.Retention;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The core against in-memory ports: every outcome, and what it does and does not touch. */
class AssetProcessorTest {

  private static final java.time.Instant PRODUCED = java.time.Instant.parse("2025-11-21T09:00:00Z");

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String URL = "https://cdn.example/a.png";

  private final InMemoryAssetLedger ledger = new InMemoryAssetLedger();
  private final FakeFetcher fetcher = new FakeFetcher();
  private final FakeObjectStore store = new FakeObjectStore();
  private final StorageLayout layout =
      new StorageLayout(
          "proj", "work", "lib", "https://cdn.mediakeep/", null, null, Duration.ofDays(7));
  private final AssetProcessor processor = processor(CircuitBreakers.Settings.DEFAULTS);

  /** Breakers that trip after two calls and stay open for the whole test. */
  private final CircuitBreakers touchy =
      new CircuitBreakers(
          new CircuitBreakers.Settings(4, Duration.ofHours(1), 4, Duration.ofHours(1), 8));

  private AssetProcessor processor(CircuitBreakers.Settings settings) {
    return processor(new CircuitBreakers(settings));
  }

  /** A PostgreSQL breaker that opens after five failures and lets a probe through at once. */
  private AssetProcessor quickProbes() {
    return processor(
        new CircuitBreakers.Settings(20, Duration.ofHours(1), 10, Duration.ofMillis(20), 8));
  }

  private AssetProcessor processor(CircuitBreakers breakers) {
    return new AssetProcessor(
        ledger,
        fetcher,
        store,
        layout,
        new RetryPolicies(3, Duration.ofMillis(1), Duration.ofMillis(2), 2),
        breakers,
        Clock.fixed(NOW, ZoneOffset.UTC),
        PipelineObserver.NONE);
  }

  private final UUID project = UUID.randomUUID();
  private final UUID owner = UUID.randomUUID();

  @Test
  void storesAndRecordsANewAsset() {
    byte[] png = bytes("one");
    fetcher.serve(URL, png);

    Outcome outcome = processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(outcome).isInstanceOf(Outcome.Stored.class);
    StoredAsset asset = ((Outcome.Stored) outcome).asset();
    assertThat(asset.bucket()).isEqualTo("proj");
    assertThat(asset.objectKey())
        .isEqualTo(
            owner + "/" + project + "/scene/v1-0-" + asset.sha256().substring(0, 16) + ".png");
    assertThat(asset.url()).isEqualTo("https://cdn.mediakeep/" + asset.objectKey());
    assertThat(asset.current()).isTrue();
    assertThat(store.objects.get("proj/" + asset.objectKey())).isEqualTo(png);
  }

  @Test
  void workspaceAssetsGoToTheirBucketAndExpire() {
    fetcher.serve(URL, bytes("ws"));

    StoredAsset asset =
        ((Outcome.Stored) processor.process(event(1, URL, Retention.WORKSPACE, null), PRODUCED))
            .asset();

    assertThat(asset.bucket()).isEqualTo("work");
    assertThat(asset.url()).isNull();
    assertThat(asset.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
  }

  @Test
  void theSameSourceAgainIsNotDownloadedAgain() {
    fetcher.serve(URL, bytes("one"));
    processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    Outcome again = processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(again).isInstanceOf(Outcome.AlreadyStored.class);
    assertThat(fetcher.calls).isEqualTo(1);
    assertThat(store.puts).isEqualTo(1);
  }

  @Test
  void anotherOwnersEventForAStoredKeyIsRefusedWithoutADownload() {
    fetcher.serve(URL, bytes("one"));
    StoredAsset mine =
        ((Outcome.Stored) processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED))
            .asset();

    Outcome foreign =
        processor.process(
            event(UUID.randomUUID(), "scene", 1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(foreign)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT);
              assertThat(r.detail())
                  .contains("belongs to another owner")
                  .doesNotContain(owner + "");
            });
    assertThat(fetcher.calls).isEqualTo(1);
    assertThat(store.objects).containsOnlyKeys("proj/" + mine.objectKey());
  }

  @Test
  void anotherOwnersNewSceneInAProjectIsRefusedAndItsUploadRemoved() {
    fetcher.serve(URL, bytes("one")).serve("https://cdn.example/b.png", bytes("two"));
    StoredAsset mine =
        ((Outcome.Stored) processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED))
            .asset();

    Outcome foreign =
        processor.process(
            event(
                UUID.randomUUID(),
                "other-scene",
                1,
                "https://cdn.example/b.png",
                Retention.PROJECT,
                null),
            PRODUCED);

    assertThat(foreign)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT));
    assertThat(store.puts).isEqualTo(2);
    assertThat(store.objects).containsOnlyKeys("proj/" + mine.objectKey());
    assertThat(ledger.size()).isEqualTo(1);
  }

  @Test
  void aDifferentSourceForAStoredKeyIsAConflictAndOverwritesNothing() {
    fetcher.serve(URL, bytes("one")).serve("https://cdn.example/b.png", bytes("two"));
    processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    Outcome conflict =
        processor.process(event(1, "https://cdn.example/b.png", Retention.PROJECT, null), PRODUCED);

    assertThat(conflict)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectReason.KEY_CONFLICT));
    assertThat(store.objects).hasSize(1);
    assertThat(fetcher.calls).isEqualTo(1);
  }

  @Test
  void permanentSourceFailuresAreRejectedAtOnce() {
    Outcome notFound =
        processor.process(
            event(1, "https://cdn.example/missing.png", Retention.PROJECT, null), PRODUCED);

    assertThat(notFound)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.SOURCE_NOT_FOUND);
              assertThat(r.attempts()).isEqualTo(1);
            });
  }

  @Test
  void aForbiddenSourcePastItsExpiryIsReportedExpired() {
    fetcher.failFirst(URL, new SourceStatusException("cdn.example", 403, null));

    Outcome outcome =
        processor.process(event(1, URL, Retention.PROJECT, NOW.minusSeconds(60)), PRODUCED);

    assertThat(((Outcome.Rejected) outcome).reason()).isEqualTo(RejectReason.SOURCE_EXPIRED);
  }

  @Test
  void transientFailuresAreRetriedThenSucceed() {
    fetcher
        .serve(URL, bytes("one"))
        .failFirst(
            URL,
            new SocketTimeoutException("read timed out"),
            new SourceStatusException("cdn", 503, null));

    assertThat(processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED))
        .isInstanceOf(Outcome.Stored.class);
    assertThat(fetcher.calls).isEqualTo(3);
  }

  @Test
  void transientFailuresThatNeverStopEndAsRetriesExhausted() {
    fetcher.failFirst(
        URL,
        new IOException("connection reset"),
        new IOException("connection reset"),
        new IOException("connection reset"));

    Outcome outcome = processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.RETRIES_EXHAUSTED);
              assertThat(r.attempts()).isEqualTo(3);
              assertThat(r.detail()).contains("connection reset");
            });
  }

  @Test
  void aSourceCutOnceForBeingTooSlowIsTriedAgain() {
    fetcher
        .serve(URL, bytes("one"))
        .failFirst(URL, new SourceTooSlowException("cdn sent 5 bytes in 10000 ms"));

    assertThat(processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED))
        .isInstanceOf(Outcome.Stored.class);
    assertThat(fetcher.calls).isEqualTo(2);
  }

  @Test
  void aSourceCutTwiceForBeingTooSlowIsTheSourcesFault() {
    fetcher
        .serve(URL, bytes("one"))
        .failFirst(
            URL,
            new SourceTooSlowException("cdn sent 5 bytes in 10000 ms"),
            new SourceTooSlowException("cdn sent 4 bytes in 10000 ms"));

    Outcome outcome = processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.SOURCE_TOO_SLOW);
              assertThat(r.attempts()).isEqualTo(2);
              assertThat(r.detail()).contains("4 bytes in 10000 ms", "2 times");
            });
    assertThat(fetcher.calls).as("not tried a third time").isEqualTo(2);
  }

  @Test
  void aHostThatKeepsFailingOpensItsBreakerAndItsEventsWaitInsteadOfBeingRejected() {
    AssetProcessor guarded = processor(touchy);
    fetcher.failFirst(
        URL,
        new IOException("connection refused"),
        new IOException("connection refused"),
        new IOException("connection refused"));

    Outcome first = guarded.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(first)
        .isInstanceOfSatisfying(
            Outcome.RetryLater.class, r -> assertThat(r.dependency()).isEqualTo(Dependency.SOURCE));
    assertThat(fetcher.calls).as("the third attempt is refused by the open breaker").isEqualTo(2);
    assertThat(touchy.source("cdn.example").getState()).isEqualTo(CircuitBreaker.State.OPEN);

    String otherScene = "https://cdn.example/b.png";
    fetcher.serve(otherScene, bytes("two"));
    assertThat(guarded.process(event(2, otherScene, Retention.PROJECT, null), PRODUCED))
        .as("another event of the same host waits without a call")
        .isInstanceOf(Outcome.RetryLater.class);
    assertThat(fetcher.calls).isEqualTo(2);

    String otherHost = "https://other.example/c.png";
    fetcher.serve(otherHost, bytes("three"));
    assertThat(guarded.process(event(3, otherHost, Retention.PROJECT, null), PRODUCED))
        .as("other hosts are not held back")
        .isInstanceOf(Outcome.Stored.class);
  }

  @Test
  void notFoundAnswersSayNothingAboutTheHostsHealth() {
    AssetProcessor guarded = processor(touchy);
    for (int version = 1; version <= 6; version++) {
      assertThat(
              guarded.process(
                  event(version, "https://cdn.example/gone" + version, Retention.PROJECT, null),
                  PRODUCED))
          .isInstanceOfSatisfying(
              Outcome.Rejected.class,
              r -> assertThat(r.reason()).isEqualTo(RejectReason.SOURCE_NOT_FOUND));
    }
    assertThat(touchy.source("cdn.example").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aStorageOutageOpensTheS3BreakerWhichHoldsConsumption() {
    AssetProcessor guarded = processor(touchy);
    fetcher.serve(URL, bytes("one"));
    store.failuresLeft = 100;

    assertThat(guarded.process(event(1, URL, Retention.PROJECT, null), PRODUCED))
        .isInstanceOf(Outcome.RetryLater.class);
    assertThat(touchy.holdConsumption()).isTrue();
    int puts = store.puts;

    assertThat(guarded.process(event(1, URL, Retention.PROJECT, null), PRODUCED))
        .isInstanceOf(Outcome.RetryLater.class);
    assertThat(store.puts).as("no PUT while the breaker is open").isEqualTo(puts);

    touchy.s3().transitionToHalfOpenState();
    store.failuresLeft = 0;
    assertThat(guarded.process(event(1, URL, Retention.PROJECT, null), PRODUCED))
        .isInstanceOf(Outcome.Stored.class);
    assertThat(touchy.holdConsumption()).isFalse();
  }

  @Test
  void aStorageOutageIsWaitedForNotRejected() {
    fetcher.serve(URL, bytes("one"));
    store.failuresLeft = 5;

    Outcome outcome = processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.RetryLater.class, r -> assertThat(r.dependency()).isEqualTo(Dependency.S3));
    assertThat(ledger.size()).isZero();
  }

  @Test
  void aDatabaseOutageIsWaitedForNotRejected() {
    ledger.failNext(5);

    Outcome outcome = processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.RetryLater.class,
            r -> assertThat(r.dependency()).isEqualTo(Dependency.POSTGRES));
    assertThat(fetcher.calls).isZero();
  }

  /**
   * A database outage after the upload, longer than the bounded retries and the breaker's
   * threshold: the row is waited for in place, and the source is neither downloaded nor uploaded
   * again.
   */
  @Test
  void aDatabaseOutageAfterTheUploadIsWaitedForInPlace() {
    fetcher.serve(URL, bytes("one"));
    ledger.failNextRecords(12);

    Outcome outcome = quickProbes().process(event(1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(outcome).isInstanceOf(Outcome.Stored.class);
    assertThat(fetcher.calls).as("downloads").isEqualTo(1);
    assertThat(store.puts).as("uploads").isEqualTo(1);
    assertThat(ledger.recordCalls()).isGreaterThan(12);
    assertThat(ledger.size()).isEqualTo(1);
  }

  @Test
  void aStopWhileTheRowIsAwaitedGivesTheEventBack() {
    fetcher.serve(URL, bytes("one"));
    ledger.failNextRecords(Integer.MAX_VALUE);
    int[] asked = {0};

    Outcome outcome =
        quickProbes()
            .process(event(1, URL, Retention.PROJECT, null), PRODUCED, () -> ++asked[0] > 3);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.RetryLater.class,
            r -> assertThat(r.dependency()).isEqualTo(Dependency.POSTGRES));
    assertThat(ledger.size()).isZero();
  }

  @Test
  void aShortStorageHiccupIsRetriedInPlace() {
    fetcher.serve(URL, bytes("one"));
    store.failuresLeft = 1;

    assertThat(processor.process(event(1, URL, Retention.PROJECT, null), PRODUCED))
        .isInstanceOf(Outcome.Stored.class);
    assertThat(store.puts).isEqualTo(2);
  }

  /** The codec refuses these; the core must not rely on it and write outside the owner's prefix. */
  @ParameterizedTest
  @ValueSource(strings = {"..", "../../other", "a/b", "a\\b", "a\u0000b", "\uff0e\uff0e", ""})
  void aSceneIdThatWouldMakeAnUnsafeKeyIsAnInvalidEventAndNothingIsFetched(String sceneId) {
    fetcher.serve(URL, bytes("one"));

    Outcome outcome = processor.process(event(sceneId, 1, URL, Retention.PROJECT, null), PRODUCED);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT);
              assertThat(r.detail()).startsWith("object key '" + owner + "/" + project + "/");
            });
    assertThat(fetcher.calls).isZero();
    assertThat(store.puts).isZero();
  }

  @Test
  void eventIdsAreDeterministicPerKey() {
    AssetKey key = new AssetKey(project, "scene", 3, 1);
    assertThat(AssetIds.assetStored(key))
        .isEqualTo(AssetIds.assetStored(new AssetKey(project, "scene", 3, 1)));
    assertThat(AssetIds.assetStored(key))
        .isNotEqualTo(AssetIds.assetStored(new AssetKey(project, "scene", 3, 0)));
    assertThat(AssetIds.assetStored(key).version()).isEqualTo(5);
  }

  private GeneratedEvent event(
      int version, String url, Retention retention, Instant sourceExpiresAt) {
    return event("scene", version, url, retention, sourceExpiresAt);
  }

  private GeneratedEvent event(
      String sceneId, int version, String url, Retention retention, Instant sourceExpiresAt) {
    return event(owner, sceneId, version, url, retention, sourceExpiresAt);
  }

  private GeneratedEvent event(
      UUID ownerId,
      String sceneId,
      int version,
      String url,
      Retention retention,
      Instant sourceExpiresAt) {
    MediaGenerated data =
        new MediaGenerated(
            project,
            ownerId,
            sceneId,
            version,
            0,
            url,
            sourceExpiresAt,
            retention,
            new Generation("fal", "flux", "prompt", 7L, 16, 16, Map.of()),
            null);
    return new GeneratedEvent(
        new CloudEvent(
            UUID.randomUUID().toString(), "/test", "media.image.generated", NOW, null, new byte[0]),
        MediaKind.IMAGE,
        data);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
