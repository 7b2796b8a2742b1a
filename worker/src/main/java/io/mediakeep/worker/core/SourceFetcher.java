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

  FetchedMedia fetch(String url, MediaKind expected) throws IOException;
}
