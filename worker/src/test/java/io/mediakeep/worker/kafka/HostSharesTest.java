package io.mediakeep.worker.kafka;

import static io.mediakeep.worker.kafka.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The per-host share of the in-flight budget. */
class HostSharesTest {

  private final Waiting waiting = new Waiting();
  private final HostShares shares = new HostShares(2, waiting);
  private final Cancellation running = new Cancellation();

  @Test
  void aHostBeyondItsShareWaitsWithoutASlotWhileOtherHostsEnter() throws Exception {
    assertThat(shares.enter("slow.example", running)).isTrue();
    assertThat(shares.enter("slow.example", running)).isTrue();

    AtomicBoolean third = new AtomicBoolean();
    Thread waiter =
        Thread.ofVirtual().start(() -> third.set(shares.enter("slow.example", running)));
    await(() -> waiting.count() == 1, "the third event of the host waits");
    assertThat(third).isFalse();

    assertThat(shares.enter("fast.example", running)).as("another host is not held up").isTrue();
    shares.leave("fast.example");

    shares.leave("slow.example");
    waiter.join(10_000);
    assertThat(third).as("enters once a place frees up").isTrue();
    assertThat(waiting.count()).isZero();
    assertThat(shares.inside("slow.example")).isEqualTo(2);
  }

  @Test
  void waitersEnterInArrivalOrder() throws Exception {
    shares.enter("h", running);
    shares.enter("h", running);
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    List<Thread> waiters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      waiters.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    if (shares.enter("h", running)) {
                      order.add(n);
                    }
                  }));
      int expected = i + 1;
      await(() -> waiting.count() == expected, "waiter " + n + " queues");
    }

    for (int i = 0; i < 3; i++) {
      int done = i + 1;
      shares.leave("h");
      await(() -> order.size() == done, "one more waiter enters");
    }
    for (Thread t : waiters) {
      t.join(10_000);
    }
    assertThat(order).containsExactly(0, 1, 2);
  }

  @Test
  void theWaiterWhoseSourceExpiresFirstEntersFirst() throws Exception {
    shares.enter("h", running);
    shares.enter("h", running);
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    // Arrival order: an hour, no expiry, five minutes, half an hour, five minutes again.
    List<Instant> expiries =
        Arrays.asList(
            now.plusSeconds(3600),
            null,
            now.plusSeconds(300),
            now.plusSeconds(1800),
            now.plusSeconds(300));
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    List<Thread> waiters = new ArrayList<>();
    for (int i = 0; i < expiries.size(); i++) {
      int n = i;
      waiters.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    if (shares.enter("h", expiries.get(n), running)) {
                      order.add(n);
                    }
                  }));
      int expected = i + 1;
      await(() -> waiting.count() == expected, "waiter " + n + " queues");
    }

    for (int i = 0; i < expiries.size(); i++) {
      int done = i + 1;
      shares.leave("h");
      await(() -> order.size() == done, "one more waiter enters");
    }
    for (Thread t : waiters) {
      t.join(10_000);
    }
    assertThat(order)
        .as("nearest expiry first, arrival among equals, none last")
        .containsExactly(2, 4, 3, 0, 1);
  }

  @Test
  void aCancelledWaiterGivesUpAndHandsItsTurnOn() throws Exception {
    shares.enter("h", running);
    shares.enter("h", running);
    Cancellation revoked = new Cancellation();
    AtomicBoolean entered = new AtomicBoolean(true);
    CountDownLatch gaveUp = new CountDownLatch(1);
    Thread.ofVirtual()
        .start(
            () -> {
              entered.set(shares.enter("h", revoked));
              gaveUp.countDown();
            });
    await(() -> waiting.count() == 1, "the waiter queues");

    revoked.cancel();

    assertThat(gaveUp.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(entered).isFalse();
    assertThat(waiting.count()).isZero();
    assertThat(shares.inside("h")).isEqualTo(2);
  }

  @Test
  void hostsAreForgottenOnceNothingOfThemIsInFlight() {
    for (int i = 0; i < 100; i++) {
      String host = "h" + i + ".example";
      shares.enter(host, running);
      shares.leave(host);
    }
    assertThat(shares.hosts()).isZero();
  }

  @Test
  void aDataUriHasNoShare() {
    for (int i = 0; i < 10; i++) {
      assertThat(shares.enter(null, running)).isTrue();
    }
    assertThat(shares.hosts()).isZero();
  }
}
