package io.mediakeep.worker.store;

import java.net.URI;

/** How to reach the S3-compatible server; a null endpoint means AWS itself. */
public record S3Settings(
    URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {}
