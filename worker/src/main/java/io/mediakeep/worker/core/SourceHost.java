package io.mediakeep.worker.core;

import java.net.URI;
import java.util.Locale;

/** The host an event's source URL names: the unit of the source circuit breakers and shares. */
public final class SourceHost {

  private SourceHost() {}

  /**
   * The lower-case host of an http(s) URL, or null for a {@code data:} URI or an unparsable one.
   */
  public static String of(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
