package io.mediakeep.worker.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder from 127.0.0.1:ephemeral to a port on 127.0.0.1, put in front of PostgreSQL to
 * add latency, refuse or cut connections, or break a connection right after the server committed a
 * transaction. Every control applies from the moment it is called, from any thread.
 */
public final class TcpProxy implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final int targetPort;
  private final LoopbackServer server;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger commitsToBreak = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final AtomicInteger commitsSeen = new AtomicInteger();
  private final AtomicInteger commitsIntercepted = new AtomicInteger();
  private volatile boolean refusing;
  private volatile Duration delay = Duration.ZERO;

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new LoopbackServer("tcp-proxy-" + targetPort, this::accept);
  }

  /** Starts a proxy that forwards to {@code 127.0.0.1:targetPort}. */
  public static TcpProxy to(int targetPort) throws IOException {
    return new TcpProxy(targetPort);
  }

  public int port() {
    return server.port();
  }

  /** Forwards faithfully again: no delay, no refusing, no commit to break. */
  public void pass() {
    refusing = false;
    delay = Duration.ZERO;
    commitsToBreak.set(0);
  }

  /** Holds every forwarded chunk, in both directions, this long before writing it on. */
  public void delay(Duration perChunk) {
    if (perChunk.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + perChunk);
    }
    delay = perChunk;
  }

  /** Accepts new connections and resets them at once; open connections carry on. */
  public void refuse() {
    refusing = true;
  }

  /** Resets every open connection, both to the client and to the server, now. */
  public void cutAll() {
    links.forEach(Link::reset);
  }

  /**
   * For the next {@code n} COMMITs clients send, lets the COMMIT through, then drops the server's
   * answer and resets the client's connection: the transaction is committed but the client cannot
   * know it.
   */
  public void resetAfterCommit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    commitsToBreak.set(n);
  }

  /** Connections accepted, refused ones included. */
  public int accepted() {
    return server.accepted();
  }

  /** Connections this proxy reset towards the client: refused, cut, or broken after a COMMIT. */
  public int resets() {
    return resets.get();
  }

  /** COMMITs seen in the client-to-server streams, whether or not they were interfered with. */
  public int commitsSeen() {
    return commitsSeen.get();
  }

  /** COMMITs whose answer this proxy was told to drop. */
  public int commitsIntercepted() {
    return commitsIntercepted.get();
  }

  private void accept(Socket client) throws IOException, InterruptedException {
    if (refusing) {
      resetClient(client);
      return;
    }
    Socket backend = new Socket();
    try {
      backend.connect(new InetSocketAddress(Sockets.LOOPBACK, targetPort), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException unreachable) {
      // To the client, a server that cannot be reached looks like a broken connection.
      Sockets.closeQuietly(backend);
      resetClient(client);
      return;
    }
    client.setTcpNoDelay(true);
    backend.setTcpNoDelay(true);
    Link link = new Link(client, backend);
    links.add(link);
    try {
      Thread.ofVirtual().name("tcp-proxy-reply").start(link::serverToClient);
      link.clientToServer();
    } finally {
      link.close();
    }
  }

  private void resetClient(Socket client) {
    resets.incrementAndGet();
    Sockets.reset(client);
  }

  private void pause() throws InterruptedException {
    Duration current = delay;
    if (current.isPositive()) {
      Thread.sleep(current);
    }
  }

  /** One client connection and its connection to the server. */
  private final class Link {

    private final Socket client;
    private final Socket backend;
    private final CommitScanner commits = new CommitScanner();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean dropNextReply;

    Link(Socket client, Socket backend) {
      this.client = client;
      this.backend = backend;
    }

    void clientToServer() throws IOException, InterruptedException {
      InputStream in = client.getInputStream();
      OutputStream out = backend.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        int found = commits.scan(buffer, 0, n);
        commitsSeen.addAndGet(found);
        for (int i = 0; i < found; i++) {
          if (commitsToBreak.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            // Armed before the COMMIT goes out, so its answer cannot slip past.
            dropNextReply = true;
            commitsIntercepted.incrementAndGet();
          }
        }
        pause();
        out.write(buffer, 0, n);
        out.flush();
      }
    }

    void serverToClient() {
      try {
        InputStream in = backend.getInputStream();
        OutputStream out = client.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (dropNextReply) {
            reset();
            return;
          }
          pause();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException broken) {
        // The other direction or a reset closes the link.
      } finally {
        close();
      }
    }

    /** Breaks the connection: the client sees a reset; the server sees its client go away. */
    void reset() {
      if (closed.compareAndSet(false, true)) {
        links.remove(this);
        resets.incrementAndGet();
        Sockets.reset(client);
        Sockets.reset(backend);
      }
    }

    /** Ends the connection normally once either side has finished with it. */
    void close() {
      if (closed.compareAndSet(false, true)) {
        links.remove(this);
        Sockets.closeQuietly(client);
        Sockets.closeQuietly(backend);
      }
    }
  }

  @Override
  public void close() {
    server.close();
    links.forEach(Link::reset);
  }
}
