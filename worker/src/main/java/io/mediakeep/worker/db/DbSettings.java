package io.mediakeep.worker.db;

import java.time.Duration;

/** How to reach PostgreSQL. */
public record DbSettings(
    String url, String user, String password, int poolSize, Duration connectionTimeout) {}
