package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.faults.FaultySource;
import io.mediakeep.worker.metrics.Metrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One bad provider never starves the others: a source that trickles gives its slot up within a
 * bounded time, and a provider that is down, with a thousand events queued, leaves the in-flight
 * budget to the providers that work. Two providers are two host names the test resolver maps to
 * loopback sources, so each has a circuit breaker and a share of its own.
 */
class SourceFairnessIT {

  private static final UUID OWNER = UUID.fromString("0000000f-0000-4000-8000-00000000000f");

  /** Maps every name to 127.0.0.1: the worker connects to loopback only. */
  private static InetAddress[] loopback(String host) throws UnknownHostException {
    return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
  }

  private static String url(String host, FaultySource source, int n) {
    return "http://" + host + ":" + source.port() + "/img/" + n + ".png";
  }

  @Test
  void aSourceThatTricklesGivesItsSlotUpWithin150Seconds() throws Exception {
    try (FaultySource drip = FaultySource.start();
        Pipeline pipeline =
            new Pipeline(Map.of("MEDIAKEEP_FETCH_ALLOW", drip.allowEntry())).startWorker()) {
      drip.drip(1, Duration.ofSeconds(2)); // under the idle timeout, far under the rate floor
      UUID project = UUID.randomUUID();

      Instant published = Instant.now();
      pipeline.publish(Events.image(project, OWNER, "s1", 1, drip.url(1)), MediaKind.IMAGE);
      pipeline.flush();
      Pipeline.Output out =
          pipeline.await(1, o -> o.rejected() != null, Duration.ofSeconds(150)).get(0);
      Duration took = Duration.between(published, Instant.now());

      assertThat(out.rejected().reason()).isEqualTo(RejectReason.SOURCE_TOO_SLOW);
      assertThat(out.rejected().attempts()).as("cut, tried once more, cut again").isEqualTo(2);
      assertThat(took).isLessThan(Duration.ofSeconds(150));
      assertThat(pipeline.awaitGauge(Metrics.IN_FLIGHT, 0, Duration.ofSeconds(5)))
          .as("the slot is given up")
          .isZero();
      System.out.printf(
          "drip source rejected %s after %.1f s%n",
          out.rejected().reason(), took.toMillis() / 1000.0);
    }
  }

  @Test
  void aProviderThatIsDownLeavesTheBudgetToTheOthers() throws Exception {
    try (FaultySource down = FaultySource.start();
        FaultySource up = FaultySource.start();
        Pipeline pipeline =
            new Pipeline(
                    Map.of(
                        // The names resolve to 127.0.0.1, which only an address exemption lets in.
                        "MEDIAKEEP_FETCH_ALLOW",
                        "127.0.0.1/32",
                        "MEDIAKEEP_FETCH_PORTS",
                        down.port() + "," + up.port()))
                .startWorker(SourceFairnessIT::loopback)) {
      // Each good response takes 1 s, so the good provider's rate is set by its share of the
      // budget (128 of 256 by default), not by this machine's speed.
      up.delay(Duration.ofSeconds(1));
      down.failRate(1.0, 503);

      double alone = rate(pipeline, up, "alone", 0, 1000);

      UUID queued = UUID.randomUUID();
      for (int n = 0; n < 1000; n++) {
        pipeline.publish(
            Events.image(queued, OWNER, "d" + n, 1, url("down.test", down, n)), MediaKind.IMAGE);
      }
      pipeline.flush();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (pipeline.gauge(Metrics.WAITING) < 990) {
        assertThat(System.nanoTime())
            .as(
                "the down provider's events wait without slots; waiting now %s",
                pipeline.gauge(Metrics.WAITING))
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      int downRequests = down.requests();

      double beside = rate(pipeline, up, "beside", 1000, 1000);

      System.out.printf(
          "good provider: %.1f events/s alone, %.1f events/s beside 1,000 waiting events of a"
              + " provider that is down (%.0f%%); the down provider got %d requests meanwhile%n",
          alone, beside, 100 * beside / alone, down.requests() - downRequests);
      assertThat(beside)
          .as("the good provider's rate beside the outage")
          .isGreaterThanOrEqualTo(0.8 * alone);

      down.normal();
      List<Pipeline.Output> recovered =
          pipeline.await(
              1000,
              o -> o.stored() != null && o.stored().projectId().equals(queued),
              Duration.ofMinutes(3));
      assertThat(recovered)
          .as("nothing of the down provider is lost once it is back")
          .hasSize(1000);
    }
  }

  /** Publishes {@code count} events to the good provider and returns how many per second stored. */
  private static double rate(
      Pipeline pipeline, FaultySource up, String phase, int from, int count) {
    UUID project = UUID.randomUUID();
    Instant start = Instant.now();
    for (int n = from; n < from + count; n++) {
      pipeline.publish(
          Events.image(project, OWNER, phase + n, 1, url("up.test", up, n)), MediaKind.IMAGE);
    }
    pipeline.flush();
    pipeline.await(
        count,
        o -> o.stored() != null && o.stored().projectId().equals(project),
        Duration.ofMinutes(3));
    return count / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }
}
