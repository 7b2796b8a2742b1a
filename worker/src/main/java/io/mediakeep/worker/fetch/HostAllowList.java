package io.mediakeep.worker.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts each provider may serve sources from, from {@code MEDIAKEEP_FETCH_HOSTS}: {@code
 * fal=*.fal.media,fal.media;replicate=replicate.delivery,*.replicate.delivery;*=cdn.example.com}. A
 * pattern is an exact name or {@code *.} and a domain, which matches names under that domain at any
 * depth but not the domain itself. The provider {@code *} covers every provider without a list of
 * its own. With no list at all every public host may serve sources; once one list is configured, a
 * provider that none covers is refused.
 */
public final class HostAllowList {

  public static final HostAllowList ANY = new HostAllowList(Map.of());

  private static final String DEFAULT_PROVIDER = "*";
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private final Map<String, List<String>> patternsByProvider;

  private HostAllowList(Map<String, List<String>> patternsByProvider) {
    this.patternsByProvider = patternsByProvider;
  }

  /** Parses the configuration; throws IllegalArgumentException naming a bad entry. */
  public static HostAllowList parse(String text) {
    if (text == null || text.isBlank()) {
      return ANY;
    }
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (String raw : text.split(";")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "'" + entry + "' is not provider=host,*.domain (use * for any provider)");
      }
      String provider = entry.substring(0, equals).trim().toLowerCase(Locale.ROOT);
      List<String> patterns = new ArrayList<>();
      for (String p : entry.substring(equals + 1).split(",")) {
        String pattern = p.trim().toLowerCase(Locale.ROOT);
        if (pattern.isEmpty()) {
          continue;
        }
        String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (!NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "'" + p.trim() + "' for provider " + provider + " is not a host name or *.domain");
        }
        patterns.add(pattern);
      }
      if (patterns.isEmpty()) {
        throw new IllegalArgumentException("provider " + provider + " has no hosts");
      }
      if (lists.putIfAbsent(provider, List.copyOf(patterns)) != null) {
        throw new IllegalArgumentException("provider " + provider + " is listed twice");
      }
    }
    return lists.isEmpty() ? ANY : new HostAllowList(Map.copyOf(lists));
  }

  /**
   * Why {@code host} may not serve a source of {@code provider}, or empty when it may.
   *
   * @param host a lower-case name without a trailing dot
   * @param provider the event's provider, or null when it names none
   */
  public Optional<String> refusal(String host, String provider) {
    if (patternsByProvider.isEmpty()) {
      return Optional.empty();
    }
    String key = provider == null ? DEFAULT_PROVIDER : provider.toLowerCase(Locale.ROOT);
    List<String> patterns = patternsByProvider.get(key);
    if (patterns == null) {
      patterns = patternsByProvider.get(DEFAULT_PROVIDER);
    }
    if (patterns == null) {
      return Optional.of("no hosts are allowed for provider " + provider);
    }
    for (String pattern : patterns) {
      if (matches(pattern, host)) {
        return Optional.empty();
      }
    }
    return Optional.of(host + " is not an allowed host for provider " + provider + " " + patterns);
  }

  private static boolean matches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
    }
    return host.equals(pattern);
  }
}
