package io.mediakeep.worker.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A DNS server the test controls: names answer what the test says, and every question is kept. */
final class FakeResolver implements HostResolver {

  private final Map<String, InetAddress[]> answers = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** Answers {@code host} with these addresses (literals, never resolved). */
  FakeResolver answer(String host, String... literals) {
    InetAddress[] addresses = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      addresses[i] = Addresses.named(host, literals[i]);
    }
    return answer(host, addresses);
  }

  FakeResolver answer(String host, InetAddress... addresses) {
    answers.put(host, addresses);
    return this;
  }

  /** Loopback literals answer themselves, as the JDK would without asking DNS. */
  static FakeResolver loopback() {
    return new FakeResolver().answer("127.0.0.1", "127.0.0.1").answer("::1", "::1");
  }

  List<String> asked() {
    return List.copyOf(asked);
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    asked.add(host);
    InetAddress[] addresses = answers.get(host);
    if (addresses == null) {
      throw new UnknownHostException(host + " (not known to the fake resolver)");
    }
    return addresses.clone();
  }
}
