package io.mediakeep.worker.core;

import java.time.Duration;

/** Hears what the sweep and the removals did, so metrics stay outside the core. */
public interface LifecycleObserver {

  /** Objects deleted and their rows removed or tombstoned: {@code count} of them, {@code bytes}. */
  void removed(int count, long bytes);

  /** A step failed on {@code dependency} and will be tried again. */
  void failed(Dependency dependency);

  /** A sweep ran to its end. */
  void swept(Duration took);

  LifecycleObserver NONE =
      new LifecycleObserver() {
        @Override
        public void removed(int count, long bytes) {}

        @Override
        public void failed(Dependency dependency) {}

        @Override
        public void swept(Duration took) {}
      };
}
