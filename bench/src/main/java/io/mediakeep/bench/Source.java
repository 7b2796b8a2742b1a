package io.mediakeep.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP source of the benchmark, on loopback: serves the image set from memory, one virtual
 * thread per exchange, and counts requests. A path can be made slow, as a provider's CDN sometimes
 * is.
 */
final class Source implements AutoCloseable {

  private record Route(byte[] body, Duration delay, long generatedLength, long bytesPerSecond) {}

  private static final int CHUNK = 64 * 1024;

  static {
    // The JDK's server closes a kept-alive connection idle 30 s, and any past 200 idle ones. The
    // arms' processes serve many runs with pauses between them, and a design that reused such a
    // connection would fail its next download: a test of its connection handling (mediakeep's is
    // HttpSourceFetcherTest), not of its speed. Read once, when the first server starts.
    System.setProperty("sun.net.httpserver.idleInterval", "3600");
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
  }

  private final HttpServer server;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();

  Source() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  void serve(String path, byte[] body) {
    serve(path, body, Duration.ZERO, 0);
  }

  /** Answers after {@code delay} and sends at {@code bytesPerSecond} (0: unlimited). */
  void serve(String path, byte[] body, Duration delay, long bytesPerSecond) {
    routes.put(path, new Route(body, delay, -1, bytesPerSecond));
  }

  /**
   * An MP4 of {@code length} bytes made while it is sent: the ftyp and moov boxes of a real ffmpeg
   * file (clip-faststart.mp4, 320x240, 2 s), then one mdat box of zeros up to the length. Nothing
   * of that size is held in memory; the worker walks it and reads its movie header as it would a
   * real upload.
   */
  void serveMp4(String path, long length) {
    byte[] head = movieHead();
    ByteBuffer mp4 = ByteBuffer.allocate(head.length + 8);
    mp4.put(head).putInt((int) (length - head.length)).put("mdat".getBytes());
    routes.put(path, new Route(mp4.array(), Duration.ZERO, length, 0));
  }

  /** The ftyp and moov boxes of the bundled real MP4, in that order. */
  private static byte[] movieHead() {
    byte[] file;
    try (var in = Source.class.getResourceAsStream("clip-faststart.mp4")) {
      file = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteBuffer boxes = ByteBuffer.wrap(file);
    while (boxes.remaining() >= 8) {
      int start = boxes.position();
      int size = boxes.getInt();
      String type = new String(file, start + 4, 4, StandardCharsets.US_ASCII);
      if (type.equals("ftyp") || type.equals("moov")) {
        head.write(file, start, size);
      }
      boxes.position(start + size);
    }
    return head.toByteArray();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The exact exemption the fetcher needs for this loopback server. */
  String allowEntry() {
    return "127.0.0.1:" + port();
  }

  long requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      Route route = routes.get(exchange.getRequestURI().getPath());
      if (route == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!route.delay().isZero()) {
        try {
          Thread.sleep(route.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (route.generatedLength() >= 0) {
        exchange.getResponseHeaders().set("Content-Type", "video/mp4");
        exchange.sendResponseHeaders(200, route.generatedLength());
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(route.body());
          byte[] zeros = new byte[64 * 1024];
          for (long left = route.generatedLength() - route.body().length; left > 0; ) {
            int n = (int) Math.min(zeros.length, left);
            out.write(zeros, 0, n);
            left -= n;
          }
        }
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, route.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (route.bytesPerSecond() <= 0) {
          out.write(route.body());
        } else {
          sendPaced(out, route.body(), route.bytesPerSecond());
        }
      }
    }
  }

  /** Writes {@code body} in chunks, each no sooner than the rate allows, as a CDN link does. */
  private static void sendPaced(OutputStream out, byte[] body, long bytesPerSecond)
      throws IOException {
    long start = System.nanoTime();
    for (int sent = 0; sent < body.length; ) {
      int n = Math.min(CHUNK, body.length - sent);
      out.write(body, sent, n);
      out.flush();
      sent += n;
      long due = start + sent * 1_000_000_000L / bytesPerSecond;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
