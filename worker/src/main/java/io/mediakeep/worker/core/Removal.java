package io.mediakeep.worker.core;

import io.mediakeep.contracts.LifecycleEvent;
import java.util.UUID;

/**
 * An object to delete and the event to publish once it is gone ({@code event} is null for a purge,
 * which publishes one event at its end), as queued in the transaction that hid its row.
 */
public record Removal(
    long id,
    UUID ownerId,
    UUID subjectId,
    String bucket,
    String objectKey,
    long sizeBytes,
    LifecycleEvent event,
    boolean done) {}
