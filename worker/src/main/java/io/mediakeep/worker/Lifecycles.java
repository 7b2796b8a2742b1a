package io.mediakeep.worker;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.core.ExpirySweep;
import io.mediakeep.worker.core.LibraryCopies;
import io.mediakeep.worker.core.LifecycleObserver;
import io.mediakeep.worker.core.ObjectStore;
import io.mediakeep.worker.core.RemovalDrain;
import io.mediakeep.worker.db.JooqExpiry;
import io.mediakeep.worker.db.JooqLibrary;
import io.mediakeep.worker.db.JooqRemovals;
import io.mediakeep.worker.kafka.EventPublisher;
import io.mediakeep.worker.kafka.LifecyclePublisher;
import java.time.Clock;
import org.jooq.DSLContext;

/**
 * The parts of an asset's life after storing, built with plain constructors: the worker wires them
 * into its graph, and {@code mediakeep sweep} builds the same ones on their own.
 */
public record Lifecycles(RemovalDrain drain, LibraryCopies copies, ExpirySweep sweep) {

  public static Lifecycles of(
      WorkerConfig config,
      DSLContext dsl,
      ObjectStore store,
      EventPublisher publisher,
      EventCodec codec,
      Clock clock,
      LifecycleObserver observer) {
    RemovalDrain drain =
        new RemovalDrain(
            new JooqRemovals(dsl),
            store,
            new LifecyclePublisher(publisher, codec, config.kafka()),
            observer);
    LibraryCopies copies = new LibraryCopies(new JooqLibrary(dsl), store, config.layout());
    ExpirySweep sweep =
        new ExpirySweep(
            new JooqExpiry(dsl), drain, copies, clock, config.lifecycle().batch(), observer);
    return new Lifecycles(drain, copies, sweep);
  }
}
