package io.mediakeep.worker;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.mediakeep.contracts.EventCodec;
import io.mediakeep.worker.config.ConfigException;
import io.mediakeep.worker.config.WorkerConfig;
import io.mediakeep.worker.core.AssetProcessor;
import io.mediakeep.worker.core.CircuitBreakers;
import io.mediakeep.worker.core.CommandProcessor;
import io.mediakeep.worker.core.Dependency;
import io.mediakeep.worker.core.ScheduledSweep;
import io.mediakeep.worker.db.Database;
import io.mediakeep.worker.db.JooqAssetLedger;
import io.mediakeep.worker.db.JooqDeletions;
import io.mediakeep.worker.db.JooqLibrary;
import io.mediakeep.worker.db.JooqPurges;
import io.mediakeep.worker.db.RejectionStore;
import io.mediakeep.worker.fetch.AddressPolicy;
import io.mediakeep.worker.fetch.DataUriFetcher;
import io.mediakeep.worker.fetch.DimensionReader;
import io.mediakeep.worker.fetch.HostResolver;
import io.mediakeep.worker.fetch.HttpSourceFetcher;
import io.mediakeep.worker.fetch.MediaSniffer;
import io.mediakeep.worker.fetch.MemoryBudget;
import io.mediakeep.worker.fetch.RoutingFetcher;
import io.mediakeep.worker.fetch.StreamingDownload;
import io.mediakeep.worker.fetch.UrlGuard;
import io.mediakeep.worker.kafka.CommandHandler;
import io.mediakeep.worker.kafka.ConsumeLoop;
import io.mediakeep.worker.kafka.DependencyWaits;
import io.mediakeep.worker.kafka.DurablePublisher;
import io.mediakeep.worker.kafka.EventPublisher;
import io.mediakeep.worker.kafka.GroupLag;
import io.mediakeep.worker.kafka.HostShares;
import io.mediakeep.worker.kafka.RecordHandler;
import io.mediakeep.worker.kafka.Rejecter;
import io.mediakeep.worker.kafka.SceneOrdering;
import io.mediakeep.worker.kafka.TopicRouter;
import io.mediakeep.worker.kafka.TracedRecords;
import io.mediakeep.worker.kafka.Waiting;
import io.mediakeep.worker.metrics.HttpEndpoints;
import io.mediakeep.worker.metrics.Metrics;
import io.mediakeep.worker.metrics.Readiness;
import io.mediakeep.worker.store.S3Clients;
import io.mediakeep.worker.store.S3ObjectStore;
import io.mediakeep.worker.tracing.Tracing;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The composition root: builds the whole object graph of a running worker with plain constructors,
 * and closes it in reverse order. The end-to-end tests start this same graph.
 */
public final class Worker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /**
   * Events that may wait without a slot (for a source host that is down or busy), per slot of the
   * in-flight budget: 16 keeps a provider outage of a few thousand queued events off the budget, at
   * a few KiB of memory each.
   */
  private static final int MAX_WAITING_PER_SLOT = 16;

  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final WorkerConfig config;
  private final PrometheusMeterRegistry registry;
  private ConsumeLoop loop;
  private volatile Thread pollThread;
  private EventPublisher publisher;
  private HttpEndpoints http;
  private Readiness readiness;

  private Worker(WorkerConfig config) {
    this.config = config;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  public static Worker start(WorkerConfig config) throws IOException {
    return start(config, HostResolver.SYSTEM);
  }

  /** Starts with a given resolver; tests use one that plays a hostile DNS server. */
  public static Worker start(WorkerConfig config, HostResolver resolver) throws IOException {
    Worker worker = new Worker(config);
    try {
      worker.build(resolver);
      return worker;
    } catch (IOException | RuntimeException e) {
      worker.close();
      throw e;
    }
  }

  private void build(HostResolver resolver) throws IOException {
    if (config.pipeline().crashAt() != null) {
      config.pipeline().crashAt().arm();
      log.warn("fault injection armed: will crash at {}", config.pipeline().crashAt());
    }
    Metrics metrics = new Metrics(registry);
    CircuitBreakers breakers = new CircuitBreakers(config.pipeline().breakers());
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.registry()).bindTo(registry);
    Database db = own(Database.connect(config.db(), registry));
    if (config.migrateOnStart()) {
      var result = db.migrate();
      log.info(
          "database migrations: {} applied, schema at version {}",
          result.migrationsExecuted,
          result.targetSchemaVersion == null
              ? result.initialSchemaVersion
              : result.targetSchemaVersion);
    }
    checkRowSecurity(db);
    S3Client s3 = own(S3Clients.create(config.s3(), config.pipeline().maxInFlight() + 16));
    S3ObjectStore store = new S3ObjectStore(s3, config.s3Parts());

    var fetch = config.fetch();
    StreamingDownload download =
        new StreamingDownload(
            fetch.limits(),
            new MediaSniffer(),
            new DimensionReader(),
            MemoryBudget.ofHeap(fetch.spoolMemory()));
    UrlGuard guard =
        new UrlGuard(
            fetch.rules(), new AddressPolicy(fetch.rules().exemptions().networks()), resolver);
    HttpSourceFetcher httpFetcher = own(new HttpSourceFetcher(guard, fetch.limits(), download));
    RoutingFetcher fetcher = new RoutingFetcher(httpFetcher, new DataUriFetcher(download));

    Tracing tracing = own(Tracing.from(config.otel()));
    if (tracing.on()) {
      log.info("tracing on: spans of each event go to the exporter OTEL_* configures");
    }
    AssetProcessor processor =
        new AssetProcessor(
            tracing.ledger(new JooqAssetLedger(db.dsl(), metrics::ledgerBatch)),
            tracing.fetcher(fetcher),
            tracing.store(store),
            config.layout(),
            config.pipeline().retries(),
            breakers,
            Clock.systemUTC(),
            metrics);

    var kafka = config.kafka();
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig());
    publisher = own(new EventPublisher(producer));
    own(new KafkaClientMetrics(producer)).bindTo(registry);
    EventCodec codec = new EventCodec();
    Clock clock = Clock.systemUTC();
    var pipeline = config.pipeline();
    Waiting waiting = new Waiting();
    DependencyWaits waits = new DependencyWaits(pipeline.waits(), metrics, waiting);
    DurablePublisher durable = new DurablePublisher(publisher, metrics, clock, waits);
    Rejecter rejecter =
        new Rejecter(
            codec,
            new RejectionStore(db.dsl()),
            durable,
            kafka.rejectedTopic(),
            "/mediakeep/" + kafka.groupId(),
            metrics,
            clock,
            waits);
    RecordHandler records =
        new RecordHandler(
            codec,
            processor,
            rejecter,
            durable,
            kafka,
            metrics,
            clock,
            waits,
            breakers,
            new HostShares(pipeline.maxInFlightPerHost(), waiting));
    Lifecycles lifecycles =
        Lifecycles.of(config, db.dsl(), store, publisher, codec, clock, metrics);
    CommandProcessor commands =
        new CommandProcessor(
            new JooqLibrary(db.dsl()),
            new JooqDeletions(db.dsl()),
            new JooqPurges(db.dsl()),
            lifecycles.drain(),
            lifecycles.copies(),
            store,
            config.layout(),
            clock,
            config.lifecycle().batch());
    TopicRouter handler =
        new TopicRouter(
            Map.of(
                kafka.inputTopic(),
                records,
                kafka.commandsTopic(),
                new CommandHandler(codec, commands, rejecter, durable, kafka, metrics, waits)));

    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(kafka.consumerConfig(config.pipeline().maxPollRecords()));
    own(new KafkaClientMetrics(consumer)).bindTo(registry);
    ExecutorService executor = own(Executors.newVirtualThreadPerTaskExecutor());
    loop =
        new ConsumeLoop(
            consumer,
            tracing.on() ? new TracedRecords(handler, tracing.tracer()) : handler,
            new SceneOrdering(),
            executor,
            new ConsumeLoop.Settings(
                List.of(kafka.inputTopic(), kafka.commandsTopic()),
                pipeline.maxInFlight(),
                pipeline.maxPollRecords(),
                Duration.ofMillis(100),
                pipeline.commitInterval(),
                Duration.ofSeconds(20),
                pipeline.shutdownTimeout(),
                MAX_WAITING_PER_SLOT * pipeline.maxInFlight(),
                3,
                Duration.ofSeconds(1)),
            metrics::pausedPartitions,
            breakers::holdConsumption,
            waiting);
    metrics.bindInFlight(loop::inFlight, waiting::count, pipeline.maxInFlight());

    Admin admin =
        own(
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000)));
    own(
        new GroupLag(
                admin,
                kafka.groupId(),
                List.of(kafka.inputTopic(), kafka.commandsTopic()),
                registry)
            .start(Duration.ofSeconds(15)));
    Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    checks.put(Dependency.KAFKA.tag(), () -> kafkaReachable(admin));
    // An open circuit is the quickest sign of an outage; the probes confirm the rest.
    checks.put(
        Dependency.POSTGRES.tag(), () -> !breakers.isOpen(breakers.postgres()) && db.reachable());
    checks.put(
        Dependency.S3.tag(),
        () -> !breakers.isOpen(breakers.s3()) && store.reachable(config.layout().projectBucket()));
    readiness = own(new Readiness(checks, 2000));
    metrics.bindReady(readiness::ready);

    this.http =
        own(
            new HttpEndpoints(
                config.http().host(),
                config.http().port(),
                registry,
                readiness,
                () -> loop.running() && pollThread != null && pollThread.isAlive()));
    pollThread = Thread.ofPlatform().name("mediakeep-poll").start(loop);
    if (config.lifecycle().sweepInterval() != null) {
      own(new ScheduledSweep(lifecycles.sweep(), config.lifecycle().sweepInterval(), metrics))
          .start();
    }
    log.info(
        "mediakeep worker started: consuming {} and {} from {}, endpoints on http://{}:{}",
        kafka.inputTopic(),
        kafka.commandsTopic(),
        kafka.bootstrap(),
        config.http().host(),
        http.port());
  }

  private static boolean kafkaReachable(Admin admin) {
    try {
      admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private <T extends AutoCloseable> T own(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  public int httpPort() {
    return http.port();
  }

  /**
   * Completes when the consume loop has stopped: normally after {@link #close()}, exceptionally
   * when it stopped on its own (a record that kept failing, a consumer that failed); the process
   * should then exit non-zero.
   */
  public CompletableFuture<Void> stopped() {
    return loop.termination();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Stops polling, lets in-flight work finish within the deadline, commits, flushes, closes. */
  @Override
  public void close() {
    if (loop != null) {
      loop.stop();
      try {
        pollThread.join(config.pipeline().shutdownTimeout().plusSeconds(20).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (publisher != null) {
      publisher.flush();
    }
    while (!closeables.isEmpty()) {
      AutoCloseable closeable = closeables.pop();
      try {
        if (closeable instanceof ExecutorService executor) {
          executor.shutdownNow();
        } else {
          closeable.close();
        }
      } catch (Exception e) {
        log.warn("closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
      }
    }
    registry.close();
  }

  /**
   * Refuses to start as a login that row-level security would starve; waits if PostgreSQL is down.
   */
  private static void checkRowSecurity(Database db) {
    Optional<String> problem;
    try {
      problem = db.rowSecurityProblem();
    } catch (RuntimeException unreachable) {
      log.warn("could not check the database role now ({}); going on", unreachable.getMessage());
      return;
    }
    problem.ifPresent(
        p -> {
          throw new ConfigException(List.of(p));
        });
  }
}
