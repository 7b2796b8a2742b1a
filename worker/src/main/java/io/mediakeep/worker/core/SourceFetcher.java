package io.mediakeep.worker.core;

import io.mediakeep.contracts.MediaKind;
import java.io.IOException;

/**
 * Downloads an untrusted source URL and checks what it holds. Implementations throw {@link
 * MediaRejectedException} for refusals decided by policy, {@link SourceStatusException} for an HTTP
 * status, and ordinary {@link IOException}s for network failures; {@link FailureClassifier} decides
 * what each means.
 */
public interface SourceFetcher {

  /**
   * @param provider the provider the event names (it selects the hosts allowed to serve its
   *     sources); may be null
   */
  FetchedMedia fetch(String url, MediaKind expected, String provider) throws IOException;
}
