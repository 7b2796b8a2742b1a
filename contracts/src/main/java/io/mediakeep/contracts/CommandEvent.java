package io.mediakeep.contracts;

/** A decoded command: the envelope plus the validated data. */
public record CommandEvent(CloudEvent envelope, AssetCommand command) {}
