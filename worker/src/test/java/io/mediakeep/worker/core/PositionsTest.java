package io.mediakeep.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PositionsTest {

  @Test
  void anEventsOwnPositionWinsElseTheNumberItsSceneEndsWith() {
    assertThat(Positions.of(7, "scene-012")).isEqualTo(7);
    assertThat(Positions.of(null, "scene-012")).isEqualTo(12);
    assertThat(Positions.of(null, "frame3")).isEqualTo(3);
    assertThat(Positions.of(null, "opening")).isNull();
    assertThat(Positions.of(null, "take-2-final")).isNull();
    assertThat(Positions.of(null, "s99999999")).as("too long to be a position").isNull();
    assertThat(Positions.of(null, "s1000001")).isNull();
    assertThat(Positions.of(null, "s1000000")).isEqualTo(1_000_000);
  }
}
