package io.mediakeep.worker.core;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuit breakers of the pipeline: one per source host, one for S3 and one for PostgreSQL.
 *
 * <p>A source host whose calls mostly fail transiently is left alone for a while instead of being
 * hammered, and its events wait instead of burning their attempts into rejections. While the S3 or
 * database breaker is open the consume loop stops taking new events ({@link #holdConsumption()}),
 * so an outage fills no buffers and rejects nothing. Breakers move from open to half-open on their
 * own, so a hold always ends and lets a few calls probe the dependency.
 */
public final class CircuitBreakers {

  /** Tuning of the breakers. */
  public record Settings(
      int sourceWindow,
      Duration sourceOpenFor,
      int infrastructureWindow,
      Duration infrastructureOpenFor,
      int maxSourceHosts) {

    public static final Settings DEFAULTS =
        new Settings(20, Duration.ofSeconds(10), 10, Duration.ofSeconds(5), 256);
  }

  private static final String SOURCE_PREFIX = "source:";

  private final CircuitBreakerRegistry registry;
  private final CircuitBreakerConfig sourceConfig;
  private final CircuitBreaker s3;
  private final CircuitBreaker postgres;
  private final int maxSourceHosts;
  private final Map<String, CircuitBreaker> sources = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Instant> sourceUnhealthySince = new ConcurrentHashMap<>();

  public CircuitBreakers(Settings settings) {
    this.registry = CircuitBreakerRegistry.ofDefaults();
    this.maxSourceHosts = settings.maxSourceHosts();
    this.sourceConfig =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(settings.sourceWindow())
            .minimumNumberOfCalls(Math.max(1, settings.sourceWindow() / 2))
            .failureRateThreshold(50)
            .waitDurationInOpenState(settings.sourceOpenFor())
            .permittedNumberOfCallsInHalfOpenState(3)
            .automaticTransitionFromOpenToHalfOpenEnabled(true)
            // A 404 or a lying file says nothing about the host's health.
            .recordException(FailureClassifier::isTransientFetchFailure)
            .build();
    CircuitBreakerConfig infrastructure =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(settings.infrastructureWindow())
            .minimumNumberOfCalls(Math.max(1, settings.infrastructureWindow() / 2))
            .failureRateThreshold(50)
            .waitDurationInOpenState(settings.infrastructureOpenFor())
            .permittedNumberOfCallsInHalfOpenState(2)
            .automaticTransitionFromOpenToHalfOpenEnabled(true)
            .ignoreExceptions(InterruptedException.class)
            .build();
    this.s3 = registry.circuitBreaker(Dependency.S3.tag(), infrastructure);
    this.postgres = registry.circuitBreaker(Dependency.POSTGRES.tag(), infrastructure);
  }

  /** The registry, for binding the breakers' own metrics. */
  public CircuitBreakerRegistry registry() {
    return registry;
  }

  public CircuitBreaker s3() {
    return s3;
  }

  public CircuitBreaker postgres() {
    return postgres;
  }

  /**
   * The breaker of one source host. At most {@code maxSourceHosts} are kept (least recently used go
   * first), because hosts come from untrusted events and each breaker is a metric series.
   */
  public CircuitBreaker source(String host) {
    String name = SOURCE_PREFIX + host.toLowerCase(Locale.ROOT);
    synchronized (sources) {
      CircuitBreaker breaker = sources.get(name);
      if (breaker == null) {
        breaker = registry.circuitBreaker(name, sourceConfig);
        breaker
            .getEventPublisher()
            .onStateTransition(
                e -> {
                  if (e.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                    sourceUnhealthySince.remove(name);
                  } else {
                    sourceUnhealthySince.putIfAbsent(name, e.getCreationTime().toInstant());
                  }
                });
        sources.put(name, breaker);
        evictBeyondLimit();
      }
      return breaker;
    }
  }

  private void evictBeyondLimit() {
    Iterator<Map.Entry<String, CircuitBreaker>> eldest = sources.entrySet().iterator();
    while (sources.size() > maxSourceHosts && eldest.hasNext()) {
      String name = eldest.next().getKey();
      eldest.remove();
      registry.remove(name);
      sourceUnhealthySince.remove(name);
    }
  }

  /** True while S3 or the database is known to be down: take no new events. */
  public boolean holdConsumption() {
    return isOpen(s3) || isOpen(postgres);
  }

  public boolean isOpen(CircuitBreaker breaker) {
    return breaker.getState() == CircuitBreaker.State.OPEN;
  }

  /** True when this failure is a breaker refusing the call, not the call failing. */
  public static boolean refused(Throwable failure) {
    return failure instanceof CallNotPermittedException;
  }

  /**
   * Since when the host's breaker has been away from closed (open or probing), without a break;
   * empty while it is closed. An event refused for the host's outage is rejected once this is older
   * than the outage limit, however long the event itself has waited.
   */
  public Optional<Instant> sourceUnhealthySince(String host) {
    return Optional.ofNullable(
        sourceUnhealthySince.get(SOURCE_PREFIX + host.toLowerCase(Locale.ROOT)));
  }

  /** True while the host's breaker is not closed: its failures are the host's, not the event's. */
  public boolean sourceUnhealthy(String host) {
    return source(host).getState() != CircuitBreaker.State.CLOSED;
  }
}
