package io.mediakeep.worker.faults;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An HTTP/1.1 proxy in front of an S3 server that answers a share of requests with the errors S3
 * gives under load ({@code 503 SlowDown}, {@code 500 InternalError}), can play an outage, and can
 * alter PUT payloads in flight. It passes request heads on byte for byte but for the {@code Expect}
 * and {@code Connection} headers, which AWS v4 signatures leave out, so signed requests stay valid.
 * One request per connection. Given a TLS context it speaks HTTPS to the client (the server behind
 * it stays plain HTTP), so the SDK signs as it does against real S3: headers only, payload
 * UNSIGNED.
 */
public final class S3FaultProxy implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int IDLE_TIMEOUT_MILLIS = 60_000;
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(US_ASCII);

  /** An S3 error this proxy answers with instead of forwarding. */
  private enum Fault {
    SLOW_DOWN(503, "Slow Down", "SlowDown", "Please reduce your request rate."),
    INTERNAL_ERROR(
        500,
        "Internal Server Error",
        "InternalError",
        "We encountered an internal error. Please try again.");

    final int status;
    final String reason;
    final String code;
    final String message;

    Fault(int status, String reason, String code, String message) {
      this.status = status;
      this.reason = reason;
      this.code = code;
      this.message = message;
    }
  }

  private record Rates(double slowDown, double internalError) {}

  private final int targetPort;
  private final LoopbackServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger slowDowns = new AtomicInteger();
  private final AtomicInteger internalErrors = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger putsToCorrupt = new AtomicInteger();
  private final AtomicInteger corruptedPuts = new AtomicInteger();
  private final SSLContext tls;
  private volatile Rates rates = new Rates(0, 0);
  private volatile boolean down;
  private volatile HttpHead lastPut;
  private Random random;

  private S3FaultProxy(int targetPort, long seed, SSLContext tls) throws IOException {
    this.targetPort = targetPort;
    this.random = new Random(seed);
    this.tls = tls;
    this.server = new LoopbackServer("s3-fault-proxy", this::handle);
  }

  /** Starts a proxy to the S3 server at {@code 127.0.0.1:targetPort}, faults drawn from seed 1. */
  public static S3FaultProxy to(int targetPort) throws IOException {
    return to(targetPort, 1L);
  }

  public static S3FaultProxy to(int targetPort, long seed) throws IOException {
    return new S3FaultProxy(targetPort, seed, null);
  }

  /** A proxy that clients reach over HTTPS with a certificate of {@code tls}. */
  public static S3FaultProxy withTls(int targetPort, SSLContext tls) throws IOException {
    return new S3FaultProxy(targetPort, 1L, tls);
  }

  public int port() {
    return server.port();
  }

  /** The endpoint to give an S3 client instead of the real server's. */
  public URI endpoint() {
    return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port());
  }

  /**
   * From now on answers each request with {@code 503 SlowDown} with probability {@code
   * slowDownRate}, with {@code 500 InternalError} with probability {@code internalErrorRate}, and
   * forwards it otherwise.
   */
  public void faults(double slowDownRate, double internalErrorRate) {
    if (slowDownRate < 0 || internalErrorRate < 0 || slowDownRate + internalErrorRate > 1) {
      throw new IllegalArgumentException(
          "rates must be at least 0 and add up to at most 1: slowDown="
              + slowDownRate
              + ", internalError="
              + internalErrorRate);
    }
    rates = new Rates(slowDownRate, internalErrorRate);
  }

  /** While down, new connections are accepted and reset at once, like a server that is gone. */
  public void down(boolean down) {
    this.down = down;
  }

  /**
   * Flips one bit in the payload of each of the next {@code count} PUTs it forwards (in the data of
   * the first chunk when the SDK sends aws-chunked), the way a bad network card or middlebox would;
   * the signed head goes on untouched.
   */
  public void corruptPuts(int count) {
    putsToCorrupt.set(count);
  }

  /** PUTs whose payload was altered on the way. */
  public int corruptedPuts() {
    return corruptedPuts.get();
  }

  /** A header of the last PUT forwarded, as the client sent it, or null. */
  public String lastPutHeader(String name) {
    HttpHead put = lastPut;
    return put == null ? null : put.header(name);
  }

  /** Restarts the fault draws from this seed. */
  public synchronized void seed(long seed) {
    random = new Random(seed);
  }

  /** Requests read, whatever became of them. Always slowDowns + internalErrors + forwarded. */
  public int requests() {
    return requests.get();
  }

  public int slowDowns() {
    return slowDowns.get();
  }

  public int internalErrors() {
    return internalErrors.get();
  }

  public int forwarded() {
    return forwarded.get();
  }

  /** Connections reset because the proxy was down. */
  public int refused() {
    return refused.get();
  }

  private void handle(Socket accepted) throws IOException {
    if (down) {
      refused.incrementAndGet();
      Sockets.reset(accepted);
      return;
    }
    Socket client =
        tls == null ? accepted : tls.getSocketFactory().createSocket(accepted, null, true);
    client.setSoTimeout(IDLE_TIMEOUT_MILLIS);
    InputStream in = new BufferedInputStream(client.getInputStream());
    OutputStream out = new BufferedOutputStream(client.getOutputStream());
    HttpHead request = HttpHead.read(in);
    if (request == null) {
      return;
    }
    requests.incrementAndGet();
    Fault fault = draw();
    boolean expectsContinue = request.hasToken("Expect", "100-continue");
    if (fault == null) {
      forwarded.incrementAndGet();
      forward(request, expectsContinue, client, in, out);
      return;
    }
    (fault == Fault.SLOW_DOWN ? slowDowns : internalErrors).incrementAndGet();
    if (!expectsContinue) {
      // The client is sending the body regardless; read it so that closing does not reset.
      HttpBody.copy(request, in, OutputStream.nullOutputStream());
    }
    // With 100-continue the client waits; like S3, answer at once and never read the body.
    writeError(out, fault, request.method().equals("HEAD"));
    closeGently(client, in);
  }

  private synchronized Fault draw() {
    Rates current = rates;
    double r = random.nextDouble();
    if (r < current.slowDown()) {
      return Fault.SLOW_DOWN;
    }
    if (r < current.slowDown() + current.internalError()) {
      return Fault.INTERNAL_ERROR;
    }
    return null;
  }

  private void forward(
      HttpHead request, boolean expectsContinue, Socket client, InputStream in, OutputStream out)
      throws IOException {
    try (Socket backend = new Socket()) {
      try {
        backend.connect(
            new InetSocketAddress(Sockets.LOOPBACK, targetPort), CONNECT_TIMEOUT_MILLIS);
      } catch (IOException unreachable) {
        Sockets.reset(client);
        return;
      }
      backend.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      OutputStream toBackend = new BufferedOutputStream(backend.getOutputStream());
      toBackend.write(request.without("Expect").replacing("Connection", "close").bytes());
      if (expectsContinue) {
        out.write(CONTINUE);
        out.flush();
      }
      if (request.method().equals("PUT")) {
        lastPut = request;
      }
      if (request.method().equals("PUT")
          && putsToCorrupt.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpBody.copy(request, in, body);
        byte[] bytes = body.toByteArray();
        if (bytes.length > 0) {
          bytes[payloadMiddle(request, bytes)] ^= 0x01;
          corruptedPuts.incrementAndGet();
        }
        toBackend.write(bytes);
      } else {
        HttpBody.copy(request, in, toBackend);
      }
      toBackend.flush();
      InputStream fromBackend = new BufferedInputStream(backend.getInputStream());
      HttpHead response = HttpHead.read(fromBackend);
      // Interim answers are passed on; the final one follows them.
      while (response != null && response.target().startsWith("1")) {
        out.write(response.bytes());
        response = HttpHead.read(fromBackend);
      }
      if (response == null) {
        Sockets.reset(client);
        return;
      }
      out.write(response.replacing("Connection", "close").bytes());
      fromBackend.transferTo(out);
      out.flush();
    }
    closeGently(client, in);
  }

  /** A byte of payload, not of aws-chunked framing ("size;chunk-signature=...\r\n" first). */
  private static int payloadMiddle(HttpHead request, byte[] body) {
    if (!request.hasToken("Content-Encoding", "aws-chunked")) {
      return body.length / 2;
    }
    String head = new String(body, 0, Math.min(body.length, 256), US_ASCII);
    int lineEnd = head.indexOf("\r\n");
    int semicolon = head.indexOf(';');
    String hex = head.substring(0, semicolon > 0 && semicolon < lineEnd ? semicolon : lineEnd);
    return lineEnd + 2 + Integer.parseInt(hex.trim(), 16) / 2;
  }

  private static void writeError(OutputStream out, Fault fault, boolean headOnly)
      throws IOException {
    String requestId = Long.toHexString(System.nanoTime()).toUpperCase(Locale.ROOT);
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                + fault.code
                + "</Code><Message>"
                + fault.message
                + "</Message><RequestId>"
                + requestId
                + "</RequestId></Error>")
            .getBytes(UTF_8);
    String head =
        "HTTP/1.1 "
            + fault.status
            + " "
            + fault.reason
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.length
            + "\r\nx-amz-request-id: "
            + requestId
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(US_ASCII));
    if (!headOnly) {
      out.write(body);
    }
    out.flush();
  }

  /**
   * Ends the response with a FIN and waits briefly for the client to hang up: closing with unread
   * bytes pending would send a reset, which could destroy the response before it is read.
   */
  private static void closeGently(Socket client, InputStream in) {
    try {
      client.shutdownOutput();
      client.setSoTimeout(2_000);
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException slowOrGone) {
      // The client hung up already, or did not in time; the close that follows ends it anyway.
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
