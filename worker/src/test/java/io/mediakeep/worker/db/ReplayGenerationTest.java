package io.mediakeep.worker.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The replay generation read from a rejected record's header never loses the rejection. */
class ReplayGenerationTest {

  @Test
  void aMissingHeaderIsGenerationZero() {
    assertThat(RejectionStore.replayGeneration(null)).isZero();
  }

  @Test
  void aNumberIsTheGeneration() {
    assertThat(RejectionStore.replayGeneration("2")).isEqualTo(2);
    assertThat(RejectionStore.replayGeneration(" 3 ")).isEqualTo(3);
  }

  @Test
  void garbageCountsAsZero() {
    assertThat(RejectionStore.replayGeneration("")).isZero();
    assertThat(RejectionStore.replayGeneration("two")).isZero();
    assertThat(RejectionStore.replayGeneration("-4")).isZero();
    assertThat(RejectionStore.replayGeneration("99999999999")).isZero();
  }
}
