package io.mediakeep.worker.core;

import io.mediakeep.contracts.LifecycleEvent;
import java.util.List;

/** Where lifecycle events go: the lifecycle topic. */
public interface LifecycleSink {

  /** Publishes the events and returns once every one is acknowledged; throws if any was not. */
  void publish(List<LifecycleEvent> events) throws Exception;
}
