package io.mediakeep.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpiryHeadroomTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final ExpiryHeadroom headroom = new ExpiryHeadroom(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void theNearestPendingExpiryCountsUntilItsEventLeaves() {
    assertThat(headroom.seconds()).as("nothing pending").isNaN();

    Instant inAnHour = NOW.plusSeconds(3600);
    Instant inTenMinutes = NOW.plusSeconds(600);
    headroom.enter(inAnHour);
    headroom.enter(inTenMinutes);
    headroom.enter(inTenMinutes);
    assertThat(headroom.seconds()).isEqualTo(600.0);

    headroom.leave(inTenMinutes);
    assertThat(headroom.seconds()).as("a second event expires then too").isEqualTo(600.0);
    headroom.leave(inTenMinutes);
    assertThat(headroom.seconds()).isEqualTo(3600.0);
    headroom.leave(inAnHour);
    assertThat(headroom.seconds()).isNaN();
  }

  @Test
  void aPastExpiryIsNegative() {
    headroom.enter(NOW.minusSeconds(30));
    assertThat(headroom.seconds()).isEqualTo(-30.0);
  }
}
