package io.mediakeep.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void nothingToCommitBeforeAnyRecord() {
    assertThat(tracker.committable()).isEqualTo(-1);
  }

  @Test
  void theFirstUnfinishedOffsetIsTheCommitPoint() {
    for (long o = 10; o < 15; o++) {
      tracker.started(o);
    }
    tracker.finished(10);
    tracker.finished(12);
    tracker.finished(13);
    assertThat(tracker.committable()).isEqualTo(11);
    tracker.finished(11);
    assertThat(tracker.committable()).isEqualTo(14);
    tracker.finished(14);
    assertThat(tracker.committable()).isEqualTo(15);
  }

  @Test
  void anOffsetAlreadyCommittedIsNotOfferedAgain() {
    tracker.started(0);
    tracker.finished(0);
    tracker.committed(1);
    assertThat(tracker.committable()).isEqualTo(-1);
    tracker.started(1);
    assertThat(tracker.committable()).isEqualTo(-1);
    tracker.finished(1);
    assertThat(tracker.committable()).isEqualTo(2);
  }
}
