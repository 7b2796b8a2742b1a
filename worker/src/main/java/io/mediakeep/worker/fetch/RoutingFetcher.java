package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaRejectedException;
import io.mediakeep.worker.core.SourceFetcher;
import java.io.IOException;

/** Sends {@code data:} URIs to the decoder and everything else through the guarded HTTP client. */
public final class RoutingFetcher implements SourceFetcher {

  private final HttpSourceFetcher http;
  private final DataUriFetcher data;

  public RoutingFetcher(HttpSourceFetcher http, DataUriFetcher data) {
    this.http = http;
    this.data = data;
  }

  @Override
  public FetchedMedia fetch(String url, MediaKind expected, String provider) throws IOException {
    if (url.regionMatches(true, 0, "data:", 0, 5)) {
      return data.fetch(url, expected);
    }
    if (url.regionMatches(true, 0, "http://", 0, 7)
        || url.regionMatches(true, 0, "https://", 0, 8)) {
      return http.fetch(url, expected, provider);
    }
    throw new MediaRejectedException(RejectReason.BLOCKED_URL, "unsupported URL scheme");
  }
}
