package io.mediakeep.worker.faults;

import io.mediakeep.worker.local.SampleImages;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 server standing in for the sources generators link to: {@code GET
 * /img/{n}.png} answers {@link SampleImages#png(int) SampleImages.png(n)}, anything else (such as
 * {@code /missing/{n}}) answers 404. On command it delays, fails, drips or breaks image responses.
 * Each control applies to image requests that arrive after it; each connection has its own virtual
 * thread, so a slow or broken response holds up no other.
 */
public final class FaultySource implements AutoCloseable {

  /** How a request was answered. */
  public enum Response {
    IMAGE,
    NOT_FOUND,
    FAILED,
    RESET
  }

  private static final Pattern IMAGE_PATH = Pattern.compile("/img/(\\d{1,9})\\.png");
  private static final int IDLE_TIMEOUT_MILLIS = 30_000;
  private static final Map<Integer, byte[]> IMAGES = new ConcurrentHashMap<>();
  private static final Map<Integer, String> HASHES = new ConcurrentHashMap<>();

  private record Failures(int left, int status, Duration retryAfter) {
    static final Failures NONE = new Failures(0, 0, null);
  }

  private record Drip(int bytes, Duration interval) {}

  private record FailRate(double rate, int status) {}

  private record SlowEvery(int every, Duration delay) {}

  private final LoopbackServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<Integer, AtomicInteger> requestsPerImage = new ConcurrentHashMap<>();
  private final Map<Integer, Instant> firstRequests = new ConcurrentHashMap<>();
  private final Map<Response, AtomicInteger> responses = new EnumMap<>(Response.class);
  private final AtomicReference<Failures> failures = new AtomicReference<>(Failures.NONE);
  private final AtomicInteger resetsLeft = new AtomicInteger();
  private final AtomicInteger imageRequestsSinceSlowEvery = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;
  private volatile Drip drip;
  private volatile FailRate failRate;
  private volatile SlowEvery slowEvery;
  private Random random;

  private FaultySource(long seed) throws IOException {
    for (Response kind : Response.values()) {
      responses.put(kind, new AtomicInteger());
    }
    random = new Random(seed);
    server = new LoopbackServer("faulty-source", this::handle);
  }

  /** Starts a source whose random failures are drawn from seed 1. */
  public static FaultySource start() throws IOException {
    return start(1L);
  }

  public static FaultySource start(long seed) throws IOException {
    return new FaultySource(seed);
  }

  /** The bytes {@code /img/{n}.png} serves. */
  public static byte[] image(int n) {
    return IMAGES.computeIfAbsent(n, SampleImages::png);
  }

  /** The lower-case hex SHA-256 of {@link #image(int) image(n)}, for checking what was stored. */
  public static String sha256Hex(int n) {
    return HASHES.computeIfAbsent(n, key -> sha256Hex(image(key)));
  }

  public int port() {
    return server.port();
  }

  public String url(int n) {
    return "http://127.0.0.1:" + port() + "/img/" + n + ".png";
  }

  public String missingUrl(int n) {
    return "http://127.0.0.1:" + port() + "/missing/" + n;
  }

  /** The fetch allow-list entry that lets the worker reach this server and nothing else. */
  public String allowEntry() {
    return "127.0.0.1:" + port();
  }

  /** Waits this long before each response head. */
  public void delay(Duration beforeHead) {
    delay = requireNotNegative(beforeHead);
  }

  /** Answers the next {@code count} image requests with {@code status}. */
  public void failNext(int count, int status) {
    failures.set(new Failures(requireNotNegative(count), requireStatus(status), null));
  }

  /** As {@link #failNext(int, int)}, with a {@code Retry-After} header in whole seconds. */
  public void failNext(int count, int status, Duration retryAfter) {
    failures.set(
        new Failures(
            requireNotNegative(count), requireStatus(status), requireNotNegative(retryAfter)));
  }

  /** Sends the next {@code count} images' head and half the body, then resets the connection. */
  public void resetNext(int count) {
    resetsLeft.set(requireNotNegative(count));
  }

  /** Sends image bodies {@code bytesPerChunk} at a time, {@code interval} apart. */
  public void drip(int bytesPerChunk, Duration interval) {
    if (bytesPerChunk < 1) {
      throw new IllegalArgumentException("bytesPerChunk must be at least 1: " + bytesPerChunk);
    }
    drip = new Drip(bytesPerChunk, requireNotNegative(interval));
  }

  /** Answers each image request with {@code status} with probability {@code rate}. */
  public void failRate(double rate, int status) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be between 0 and 1: " + rate);
    }
    failRate = new FailRate(rate, requireStatus(status));
  }

  /** Holds every {@code everyNth} image request from now on this long: one source in N is slow. */
  public void slowEvery(int everyNth, Duration delay) {
    if (everyNth < 1) {
      throw new IllegalArgumentException("everyNth must be at least 1: " + everyNth);
    }
    imageRequestsSinceSlowEvery.set(0);
    slowEvery = new SlowEvery(everyNth, requireNotNegative(delay));
  }

  /** Clears every control; requests already being answered finish as they started. */
  public void normal() {
    delay = Duration.ZERO;
    failures.set(Failures.NONE);
    resetsLeft.set(0);
    drip = null;
    failRate = null;
    slowEvery = null;
  }

  /** Restarts the draws of {@link #failRate(double, int)} from this seed. */
  public synchronized void seed(long seed) {
    random = new Random(seed);
  }

  /** Requests read, of any path. */
  public int requests() {
    return requests.get();
  }

  /** Requests for {@code /img/{n}.png}. */
  public int requests(int n) {
    AtomicInteger count = requestsPerImage.get(n);
    return count == null ? 0 : count.get();
  }

  /** When {@code /img/{n}.png} was first asked for, or null. */
  public Instant firstRequest(int n) {
    return firstRequests.get(n);
  }

  public int responses(Response kind) {
    return responses.get(kind).get();
  }

  private void handle(Socket socket) throws IOException, InterruptedException {
    socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
    HttpHead request = HttpHead.read(new BufferedInputStream(socket.getInputStream()));
    if (request == null) {
      return;
    }
    requests.incrementAndGet();
    OutputStream out = new BufferedOutputStream(socket.getOutputStream());
    Matcher image = IMAGE_PATH.matcher(request.target());
    if (!request.method().equals("GET") || !image.matches()) {
      count(Response.NOT_FOUND);
      SourceResponses.writeStatus(out, 404, null);
      finish(socket, out);
      return;
    }
    int n = Integer.parseInt(image.group(1));
    // The slow-every ordinal is taken first: a test that sees requests(n) go up knows it is fixed.
    int ordinal = imageRequestsSinceSlowEvery.incrementAndGet();
    requestsPerImage.computeIfAbsent(n, key -> new AtomicInteger()).incrementAndGet();
    firstRequests.putIfAbsent(n, Instant.now());
    waitAsTold(ordinal);
    Failures failure = takeFailure();
    if (failure != null) {
      count(Response.FAILED);
      SourceResponses.writeStatus(out, failure.status(), failure.retryAfter());
      finish(socket, out);
      return;
    }
    byte[] body = image(n);
    if (resetsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      count(Response.RESET);
      out.write(SourceResponses.imageHead(body.length));
      out.write(body, 0, body.length / 2);
      out.flush();
      Sockets.reset(socket);
      return;
    }
    FailRate rate = failRate;
    if (rate != null && draw() < rate.rate()) {
      count(Response.FAILED);
      SourceResponses.writeStatus(out, rate.status(), null);
      finish(socket, out);
      return;
    }
    count(Response.IMAGE);
    out.write(SourceResponses.imageHead(body.length));
    writeBody(out, body);
    finish(socket, out);
  }

  /** Counted before the first byte goes out, so a client that has its answer sees the count. */
  private void count(Response kind) {
    responses.get(kind).incrementAndGet();
  }

  private void waitAsTold(int ordinal) throws InterruptedException {
    SlowEvery slow = slowEvery;
    if (slow != null && ordinal % slow.every() == 0) {
      Thread.sleep(slow.delay());
    }
    Duration before = delay;
    if (before.isPositive()) {
      Thread.sleep(before);
    }
  }

  private Failures takeFailure() {
    Failures current = failures.getAndUpdate(f -> f.left() > 0 ? withOneLess(f) : f);
    return current.left() > 0 ? current : null;
  }

  private static Failures withOneLess(Failures f) {
    return new Failures(f.left() - 1, f.status(), f.retryAfter());
  }

  private synchronized double draw() {
    return random.nextDouble();
  }

  private void writeBody(OutputStream out, byte[] body) throws IOException, InterruptedException {
    Drip slowly = drip;
    if (slowly == null) {
      out.write(body);
      return;
    }
    for (int offset = 0; offset < body.length; offset += slowly.bytes()) {
      if (offset > 0) {
        Thread.sleep(slowly.interval());
      }
      out.write(body, offset, Math.min(slowly.bytes(), body.length - offset));
      out.flush();
    }
  }

  private static void finish(Socket socket, OutputStream out) throws IOException {
    out.flush();
    socket.shutdownOutput();
  }

  private static int requireNotNegative(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    return count;
  }

  private static int requireStatus(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("not a final HTTP status: " + status);
    }
    return status;
  }

  private static Duration requireNotNegative(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    return duration;
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
