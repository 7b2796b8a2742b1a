package io.mediakeep.worker.fetch;

import java.net.InetAddress;
import java.net.URI;

/** A URL whose host was resolved once and checked: the connection goes to this address. */
public record CheckedTarget(URI uri, String host, int port, InetAddress address) {}
