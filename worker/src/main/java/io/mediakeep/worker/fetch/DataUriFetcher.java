package io.mediakeep.worker.fetch;

import io.mediakeep.contracts.MediaKind;
import io.mediakeep.contracts.RejectReason;
import io.mediakeep.worker.core.FetchedMedia;
import io.mediakeep.worker.core.MediaRejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * "Downloads" a {@code data:} URI (RFC 2397): decodes it and puts the bytes through the same checks
 * as any other source. URIs over 512 KiB are refused before decoding.
 */
public final class DataUriFetcher {

  public static final int MAX_URI_CHARS = 512 * 1024;

  /** Line breaks and spaces may wrap a base64 payload; any other stray character is an error. */
  private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\r\\n\\f]+");

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
              ? Base64.getDecoder().decode(WHITESPACE.matcher(payload).replaceAll(""))
              : percentDecode(payload);
    } catch (IllegalArgumentException e) {
      throw new MediaRejectedException(
          RejectReason.INVALID_EVENT, "data: URI payload does not decode: " + e.getMessage());
    }
    String declaredType = meta.isEmpty() ? null : meta.split(";", 2)[0];
    return download.read(new ByteArrayInputStream(bytes), bytes.length, declaredType, expected);
  }

  /**
   * RFC 3986 percent-decoding to bytes. Not {@link java.net.URLDecoder}: that decodes HTML forms,
   * where {@code +} means a space, and would corrupt every {@code 0x2B} byte left unescaped.
   */
  private static byte[] percentDecode(String payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length());
    for (int i = 0; i < payload.length(); i++) {
      char c = payload.charAt(i);
      if (c == '%') {
        if (i + 2 >= payload.length()) {
          throw new IllegalArgumentException("incomplete escape at index " + i);
        }
        out.write(HexFormat.fromHexDigits(payload, i + 1, i + 3));
        i += 2;
      } else if (c > 0xFF) {
        throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " at " + i);
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }
}
