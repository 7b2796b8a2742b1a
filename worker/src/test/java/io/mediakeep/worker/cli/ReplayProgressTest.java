package io.mediakeep.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Replay progress: counts as ops read them, at most one line a second. */
class ReplayProgressTest {

  private static final long MS = 1_000_000L;

  @Test
  void countsSayHowFarAndHowManyAreHeld() {
    assertThat(ReplayProgress.counts(340, 0, 1200, 12))
        .isEqualTo("340/1200 sent (28%), 12 held at the replay limit");
    assertThat(ReplayProgress.counts(3, 2, 5, 0))
        .isEqualTo("3/5 sent (60%), 2 failed, 0 held at the replay limit");
    assertThat(ReplayProgress.counts(0, 0, 0, 4))
        .isEqualTo("0/0 sent (100%), 4 held at the replay limit");
  }

  @Test
  void printsAtMostOneLineASecond() {
    AtomicLong nanos = new AtomicLong(5_000 * MS);
    StringWriter out = new StringWriter();
    ReplayProgress progress = new ReplayProgress(new PrintWriter(out), nanos::get, 100, 1);

    nanos.addAndGet(500 * MS);
    progress.update(10, 0);
    nanos.addAndGet(500 * MS);
    progress.update(20, 0);
    nanos.addAndGet(200 * MS);
    progress.update(30, 0);
    nanos.addAndGet(900 * MS);
    progress.update(40, 1);

    assertThat(out.toString().lines())
        .containsExactly(
            "replay: 20/100 sent (20%), 1 held at the replay limit",
            "replay: 40/100 sent (40%), 1 failed, 1 held at the replay limit");
  }
}
