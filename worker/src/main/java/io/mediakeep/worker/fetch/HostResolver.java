package io.mediakeep.worker.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name; replaced in tests by a resolver that plays a hostile DNS server. */
@FunctionalInterface
public interface HostResolver {

  InetAddress[] resolve(String host) throws UnknownHostException;

  HostResolver SYSTEM = InetAddress::getAllByName;
}
