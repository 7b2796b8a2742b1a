package io.mediakeep.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * The text of event data: UTF-8 without a byte order mark, as RFC 8259 requires between systems.
 * Jackson alone would guess UTF-16 and UTF-32 from the first bytes and skip a BOM, so the bytes a
 * rejection keeps could read differently to the next tool that opens them.
 */
final class JsonText {

  private JsonText() {}

  static String decode(byte[] bytes) throws InvalidEventException {
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      throw new InvalidEventException(
          "data starts with a UTF-8 byte order mark; send UTF-8 JSON without one");
    }
    if (startsWith(bytes, 0xFE, 0xFF)
        || startsWith(bytes, 0xFF, 0xFE)
        || (bytes.length >= 2 && (bytes[0] == 0 || bytes[1] == 0))) {
      throw new InvalidEventException("data looks like UTF-16 or UTF-32; send UTF-8 JSON");
    }
    CharsetDecoder decoder =
        UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never decodes to more chars than it has bytes.
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new InvalidEventException(
          "data is not valid UTF-8 at byte %d (overlong, truncated or surrogate sequences are refused)"
              .formatted(in.position()));
    }
    return out.flip().toString();
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
