package io.mediakeep.worker.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server whose paths run what a test scripts: headers, redirects, slow or endless
 * bodies. It records the path and Host header of every request.
 */
final class ScriptedServer implements AutoCloseable {

  /** One request as the server saw it. */
  record Seen(String path, String host) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  ScriptedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  ScriptedServer on(String path, HttpHandler handler) {
    routes.put(path, handler);
    return this;
  }

  /** Answers {@code path} with a status, headers in name/value pairs, and a body. */
  ScriptedServer respond(String path, int status, byte[] body, String... headers) {
    return on(
        path,
        exchange -> {
          for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
          }
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
  }

  ScriptedServer redirect(String path, int status, String location) {
    return respond(path, status, new byte[0], "Location", location);
  }

  String url(String path) {
    return "http://" + authority() + path;
  }

  String authority() {
    return "127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  List<String> paths() {
    return seen.stream().map(Seen::path).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    seen.add(
        new Seen(
            exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Host")));
    try (exchange) {
      HttpHandler handler = routes.get(exchange.getRequestURI().getPath());
      if (handler == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        handler.handle(exchange);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
