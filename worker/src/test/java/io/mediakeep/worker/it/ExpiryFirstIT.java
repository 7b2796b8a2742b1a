package io.mediakeep.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.worker.faults.FaultySource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A burst of events from one slow provider, more than its share of the budget, with mixed source
 * expiries (a quarter of the URLs expire soon, as Replicate's hour-long ones do next to
 * longer-lived ones): the worker starts the downloads whose URLs expire first. The figures it
 * prints (how long the soon-expiring events waited for their download) are in the note,
 * measured against the arrival-order queue this replaced.
 */
class ExpiryFirstIT {

  private static final UUID OWNER = UUID.fromString("0000000e-0000-4000-8000-00000000000e");
  private static final int EVENTS = 48;
  private static final int SHARE = 2;
  private static final Duration DOWNLOAD = Duration.ofMillis(250);

  private static boolean soon(int n) {
    return n % 4 == 3;
  }

  @Test
  void aBurstWithMixedExpiriesDownloadsTheSoonestExpiringFirst() throws Exception {
    try (FaultySource slow = FaultySource.start();
        Pipeline pipeline =
            new Pipeline(
                Map.of(
                    "MEDIAKEEP_FETCH_ALLOW", slow.allowEntry(),
                    "MEDIAKEEP_MAX_IN_FLIGHT_PER_HOST", Integer.toString(SHARE)))) {
      slow.delay(DOWNLOAD);
      UUID project = UUID.randomUUID();
      Instant now = Instant.now();
      // The whole burst is in Kafka before the worker starts, so it arrives in one go.
      for (int n = 0; n < EVENTS; n++) {
        Instant expiresAt = now.plus(soon(n) ? Duration.ofMinutes(20) : Duration.ofHours(6));
        pipeline.publish(
            Events.image(project, OWNER, "s" + n, 1, slow.url(n), expiresAt), MediaKind.IMAGE);
      }
      pipeline.flush();
      Instant started = Instant.now();
      pipeline.startWorker();
      pipeline.await(
          EVENTS,
          o -> o.stored() != null && o.stored().projectId().equals(project),
          Duration.ofMinutes(2));

      List<Integer> byRequest =
          IntStream.range(0, EVENTS)
              .boxed()
              .sorted(Comparator.comparing(slow::firstRequest))
              .toList();
      List<Integer> soonRanks = new ArrayList<>();
      List<Integer> laterRanks = new ArrayList<>();
      for (int rank = 0; rank < EVENTS; rank++) {
        (soon(byRequest.get(rank)) ? soonRanks : laterRanks).add(rank);
      }
      double soonWait = maxWait(slow, started, true);
      double laterWait = maxWait(slow, started, false);
      System.out.printf(
          "burst of %d events, share %d, %d ms per download: the %d soon-expiring events were"
              + " requested at ranks %s (mean %.1f), the others at mean rank %.1f; the last"
              + " soon-expiring download started %.1f s after the worker, the last other one"
              + " %.1f s%n",
          EVENTS,
          SHARE,
          DOWNLOAD.toMillis(),
          soonRanks.size(),
          soonRanks,
          mean(soonRanks),
          mean(laterRanks),
          soonWait,
          laterWait);
      // In arrival order the two groups interleave (mean ranks about equal); soonest first puts
      // the soon-expiring quarter ahead of everything that was still waiting.
      assertThat(mean(soonRanks)).isLessThan(mean(laterRanks) / 2);
    }
  }

  private static double maxWait(FaultySource source, Instant started, boolean soon) {
    return IntStream.range(0, EVENTS)
            .filter(n -> soon(n) == soon)
            .mapToLong(n -> Duration.between(started, source.firstRequest(n)).toMillis())
            .max()
            .orElseThrow()
        / 1000.0;
  }

  private static double mean(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).average().orElseThrow();
  }
}
