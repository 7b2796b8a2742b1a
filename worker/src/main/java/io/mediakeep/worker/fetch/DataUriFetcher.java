package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * "Downloads" a {@code data:} URI (RFC 2397): decodes it and puts the bytes through the same checks
 * as any other source. URIs over 512 KiB are refused before decoding.
 */
public final class DataUriFetcher {

  public static final int MAX_URI_CHARS = 512 * 1024;

  private final StreamingDownload download;

  public DataUriFetcher(StreamingDownload download) {
    this.download = download;
  }

  public FetchedMedia fetch(String uri, MediaKind expected) throws IOException {
    if (uri.length() > MAX_URI_CHARS) {
      throw new MediaRejectedException(
          RejectReason.TOO_LARGE, "data: URI longer than " + MAX_URI_CHARS + " characters");
    }
    int comma = uri.indexOf(',');
    if (comma < 0) {
      throw new MediaRejectedException(RejectReason.INVALID_EVENT, "data: URI without a comma");
    }
    String meta = uri.substring(5, comma).toLowerCase(Locale.ROOT);
    String payload = uri.substring(comma + 1);
    byte[] bytes;
    try {
      bytes =
          meta.endsWith(";base64")
              ? Base64.getMimeDecoder().decode(payload)
              : URLDecoder.decode(payload, StandardCharsets.ISO_8859_1)
                  .getBytes(StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      throw new MediaRejectedException(
          RejectReason.INVALID_EVENT, "data: URI payload does not decode: " + e.getMessage());
    }
    String declaredType = meta.isEmpty() ? null : meta.split(";", 2)[0];
    return download.read(new ByteArrayInputStream(bytes), bytes.length, declaredType, expected);
  }
}
