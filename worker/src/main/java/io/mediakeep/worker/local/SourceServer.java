package io.mediakeep.worker.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server that plays a generator's CDN for the demo and the tests: it serves
 * registered files with a declared content type, or a bare status, and counts requests.
 */
public final class SourceServer implements AutoCloseable {

  private record Route(int status, String contentType, byte[] body) {}

  private final HttpServer server;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();

  public SourceServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  public void serve(String path, String contentType, byte[] body) {
    routes.put(path, new Route(200, contentType, body));
  }

  public void status(String path, int status) {
    routes.put(path, new Route(status, "text/plain", ("status " + status).getBytes()));
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The exemption that lets the fetcher reach this server and nothing else on loopback. */
  public String allowEntry() {
    return "127.0.0.1:" + port();
  }

  public long requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      Route route = routes.get(exchange.getRequestURI().getPath());
      if (route == null) {
        route = new Route(404, "text/plain", "not found".getBytes());
      }
      exchange.getResponseHeaders().set("Content-Type", route.contentType);
      exchange.sendResponseHeaders(route.status, route.body.length == 0 ? -1 : route.body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(route.body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
