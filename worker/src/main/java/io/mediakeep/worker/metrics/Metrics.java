package io.mediakeep.worker.metrics;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.Dependency;
import io.mediakeep.worker.core.LifecycleObserver;
import io.mediakeep.worker.core.PipelineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * Every meter of mediakeep, named in one place. Library meters (Kafka clients, HikariCP,
 * resilience4j, JVM) are bound where those objects are built, into the same registry.
 */
public final class Metrics implements PipelineObserver, LifecycleObserver {

  public static final String EVENTS = "mediakeep.events";
  public static final String BYTES_STORED = "mediakeep.bytes.stored";
  public static final String FETCH = "mediakeep.fetch";
  public static final String STORE = "mediakeep.store";
  public static final String RECORD = "mediakeep.record";
  public static final String PUBLISH = "mediakeep.publish";
  public static final String END_TO_END = "mediakeep.end.to.end";
  public static final String IN_FLIGHT = "mediakeep.in.flight";
  public static final String IN_FLIGHT_LIMIT = "mediakeep.in.flight.limit";
  public static final String WAITING = "mediakeep.in.flight.waiting";
  public static final String PAUSED_PARTITIONS = "mediakeep.paused.partitions";
  public static final String READY = "mediakeep.ready";
  public static final String RETRIES = "mediakeep.retries";
  public static final String INFRASTRUCTURE_WAITS = "mediakeep.infrastructure.waits";
  public static final String SOURCE_BYTES = "mediakeep.source.bytes";
  public static final String COMMANDS = "mediakeep.commands";
  public static final String LEDGER_BATCH = "mediakeep.ledger.batch";
  public static final String SWEEP_ASSETS = "mediakeep.sweep.assets";
  public static final String SWEEP_BYTES = "mediakeep.sweep.bytes";
  public static final String SWEEP_DURATION = "mediakeep.sweep.duration";
  public static final String SWEEP_FAILURES = "mediakeep.sweep.failures";
  public static final String SWEEP_LAST_RUN = "mediakeep.sweep.last.run";
  public static final String EXPIRY_HEADROOM = "mediakeep.source.expiry.headroom";
  public static final String EXPIRY_HEADROOM_AT_DOWNLOAD =
      "mediakeep.source.expiry.headroom.at.download";

  private final MeterRegistry registry;
  private final Timer fetch;
  private final Timer store;
  private final Timer record;
  private final Timer publish;
  private final Timer endToEnd;
  private final DistributionSummary headroomAtDownload;
  private final Counter bytesStored;
  private final DistributionSummary sourceBytes;
  private final AtomicInteger pausedPartitions = new AtomicInteger();
  private final Counter sweepAssets;
  private final Counter sweepBytes;
  private final Timer sweepDuration;
  private final AtomicLong lastSweep = new AtomicLong();
  private final Map<OutcomeKey, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> ledgerBatches = new ConcurrentHashMap<>();

  /** Notes how many of the ledger's requests of one kind ran together; 1 when one ran alone. */
  public void ledgerBatch(String kind, int requests) {
    DistributionSummary summary = ledgerBatches.get(kind);
    if (summary != null) {
      summary.record(requests);
    }
  }

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
    this.fetch = timer(FETCH, "Download and check of one source, retries included");
    this.store = timer(STORE, "S3 PUT of one object, retries included");
    this.record = timer(RECORD, "Database transaction recording one asset");
    this.publish = timer(PUBLISH, "Publishing one asset-stored or asset-rejected event");
    // Up to hours: an event that waited out an outage, or a backlog, is what this is for.
    this.endToEnd =
        Timer.builder(END_TO_END)
            .description("From the input record's timestamp to its outcome published")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofHours(6))
            .register(registry);
    this.headroomAtDownload =
        DistributionSummary.builder(EXPIRY_HEADROOM_AT_DOWNLOAD)
            .baseUnit("seconds")
            .description(
                "Time left before the source URL expires when its download starts (0 if past)")
            .serviceLevelObjectives(60, 300, 900, 1800, 3600, 7200, 21600, 86400, 259200, 604800)
            .register(registry);
    this.bytesStored =
        Counter.builder(BYTES_STORED)
            .baseUnit("bytes")
            .description("Bytes written to S3")
            .register(registry);
    this.sourceBytes =
        DistributionSummary.builder(SOURCE_BYTES)
            .baseUnit("bytes")
            .description("Size of downloaded sources")
            .register(registry);
    for (String kind : List.of("lookup", "recording")) {
      ledgerBatches.put(
          kind,
          DistributionSummary.builder(LEDGER_BATCH)
              .tag("kind", kind)
              .description(
                  "Requests the ledger ran together: lookups per statement, recordings per"
                      + " transaction")
              .register(registry));
    }
    this.sweepAssets =
        Counter.builder(SWEEP_ASSETS)
            .description("Objects the removals deleted: expired, deleted and purged assets")
            .register(registry);
    this.sweepBytes =
        Counter.builder(SWEEP_BYTES)
            .baseUnit("bytes")
            .description("Bytes of the objects the removals deleted")
            .register(registry);
    this.sweepDuration =
        Timer.builder(SWEEP_DURATION).description("One run of the expiry sweep").register(registry);
    Gauge.builder(SWEEP_LAST_RUN, lastSweep, l -> l.get() / 1000.0)
        .baseUnit("seconds")
        .description("When the last sweep run ended (Unix time); 0 before the first")
        .register(registry);
    // The failure counters exist at 0 from the start, so that rate() and increase() see the first
    // failure rather than a series that appears with it.
    for (Dependency dependency : Dependency.values()) {
      infrastructureWaits(dependency);
      if (dependency != Dependency.SOURCE) {
        sweepFailures(dependency);
      }
    }
    Gauge.builder(PAUSED_PARTITIONS, pausedPartitions, AtomicInteger::get)
        .description("Partitions paused because the in-flight budget is full")
        .register(registry);
    for (var binder :
        new MeterBinder[] {
          new JvmMemoryMetrics(),
          new JvmGcMetrics(),
          new JvmHeapPressureMetrics(),
          new JvmThreadMetrics(),
          new ClassLoaderMetrics(),
          new ProcessorMetrics(),
          new UptimeMetrics()
        }) {
      binder.bindTo(registry);
    }
  }

  private Timer timer(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
  }

  /** The gauge of the nearest expiry among the events received and not finished. */
  public void bindExpiryHeadroom(DoubleSupplier seconds) {
    Gauge.builder(EXPIRY_HEADROOM, seconds, DoubleSupplier::getAsDouble)
        .strongReference(true)
        .baseUnit("seconds")
        .description(
            "Time until the nearest source URL expiry among the events received and not yet"
                + " finished (negative once past; NaN when none says when it expires)")
        .register(registry);
  }

  /** Time left before the source URL expires, as its download starts. */
  public void headroomAtDownload(double seconds) {
    headroomAtDownload.record(Math.max(0, seconds));
  }

  public void bindInFlight(IntSupplier inFlight, IntSupplier waiting, int limit) {
    // Strong references: Micrometer holds gauge state weakly, and these suppliers are lambdas.
    Gauge.builder(IN_FLIGHT, inFlight, IntSupplier::getAsInt)
        .strongReference(true)
        .description("Events being processed now")
        .register(registry);
    Gauge.builder(WAITING, waiting, IntSupplier::getAsInt)
        .strongReference(true)
        .description(
            "Events in flight that wait without a slot of the budget: for their source host's"
                + " share, for a source host that is down, or behind an earlier event of their"
                + " scene")
        .register(registry);
    Gauge.builder(IN_FLIGHT_LIMIT, () -> limit)
        .description("The in-flight budget; partitions pause when it is full")
        .register(registry);
  }

  public void bindReady(BooleanSupplier ready) {
    Gauge.builder(READY, ready, r -> r.getAsBoolean() ? 1 : 0)
        .strongReference(true)
        .description("1 when Kafka, PostgreSQL and S3 all answer")
        .register(registry);
  }

  public void pausedPartitions(int count) {
    pausedPartitions.set(count);
  }

  /** Counts one finished event by outcome and reason. */
  public void outcome(String outcome, RejectReason reason, MediaKind kind) {
    outcomes
        .computeIfAbsent(
            new OutcomeKey(outcome, reason, kind),
            key ->
                Counter.builder(EVENTS)
                    .description("Events finished, by outcome and rejection reason")
                    .tag("outcome", key.outcome())
                    .tag("reason", key.reason() == null ? "NONE" : key.reason().name())
                    .tag("media_type", key.kind() == null ? "unknown" : key.kind().wireName())
                    .register(registry))
        .increment();
  }

  /** The tags of one events counter: every event finds its counter without building an id. */
  private record OutcomeKey(String outcome, RejectReason reason, MediaKind kind) {}

  public void published(Duration took) {
    publish.record(took);
  }

  public void endToEnd(Duration took) {
    endToEnd.record(took.isNegative() ? Duration.ZERO : took);
  }

  public void bytesStored(long bytes) {
    bytesStored.increment(bytes);
  }

  public void infrastructureWait(Dependency dependency) {
    infrastructureWaits(dependency).increment();
  }

  private Counter infrastructureWaits(Dependency dependency) {
    return Counter.builder(INFRASTRUCTURE_WAITS)
        .description("Times processing waited for an unavailable dependency")
        .tag("dependency", dependency.tag())
        .register(registry);
  }

  /** Counts one finished command by type and outcome. */
  public void command(String type, String outcome, RejectReason reason) {
    Counter.builder(COMMANDS)
        .description("Commands finished, by type, outcome and rejection reason")
        .tag("type", type)
        .tag("outcome", outcome)
        .tag("reason", reason == null ? "NONE" : reason.name())
        .register(registry)
        .increment();
  }

  @Override
  public void removed(int count, long bytes) {
    sweepAssets.increment(count);
    sweepBytes.increment(bytes);
  }

  @Override
  public void failed(Dependency dependency) {
    sweepFailures(dependency).increment();
  }

  private Counter sweepFailures(Dependency dependency) {
    return Counter.builder(SWEEP_FAILURES)
        .description("Failed steps of removals, retried by the next drain or sweep")
        .tag("stage", dependency.tag())
        .register(registry);
  }

  @Override
  public void swept(Duration took) {
    sweepDuration.record(took);
    lastSweep.set(System.currentTimeMillis());
  }

  @Override
  public void fetched(Duration took, long bytes) {
    fetch.record(took);
    sourceBytes.record(bytes);
  }

  @Override
  public void stored(Duration took) {
    store.record(took);
  }

  @Override
  public void recorded(Duration took) {
    record.record(took);
  }

  @Override
  public void retried(String stage) {
    retries
        .computeIfAbsent(
            stage,
            key ->
                Counter.builder(RETRIES)
                    .description("Retries of a pipeline step")
                    .tag("stage", key)
                    .register(registry))
        .increment();
  }
}
