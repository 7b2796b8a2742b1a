package io.mediakeep.worker.core;

import java.time.Duration;

/** Hears how long each step of processing took, so metrics stay outside the core. */
public interface PipelineObserver {

  void fetched(Duration took, long bytes);

  void stored(Duration took);

  void recorded(Duration took);

  void retried(String stage);

  PipelineObserver NONE =
      new PipelineObserver() {
        @Override
        public void fetched(Duration took, long bytes) {}

        @Override
        public void stored(Duration took) {}

        @Override
        public void recorded(Duration took) {}

        @Override
        public void retried(String stage) {}
      };
}
