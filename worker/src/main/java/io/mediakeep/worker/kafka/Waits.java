package io.mediakeep.worker.kafka;

import java.time.Duration;

/**
 * Pauses between attempts while a dependency is down, and how long an event waits for its source
 * host to come back before it is rejected (the provider URL expires; S3, the database and Kafka are
 * waited for without limit).
 */
public record Waits(Duration initial, Duration max, Duration sourceOutageLimit) {}
