package io.mediakeep.contracts;

/** Decoded input: the envelope plus the validated data. */
public record GeneratedEvent(CloudEvent envelope, MediaKind kind, MediaGenerated data) {}
