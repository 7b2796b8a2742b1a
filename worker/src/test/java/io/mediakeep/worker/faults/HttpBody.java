package io.mediakeep.worker.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies the body of an HTTP/1.1 request, framed by Content-Length or chunked, and no further. */
final class HttpBody {

  private HttpBody() {}

  /** Copies the body that follows {@code head}; a request without framing headers has none. */
  static void copy(HttpHead head, InputStream in, OutputStream out) throws IOException {
    if (head.hasToken("Transfer-Encoding", "chunked")) {
      copyChunked(in, out);
      return;
    }
    String length = head.header("Content-Length");
    if (length != null) {
      copyExactly(in, out, Long.parseLong(length));
    }
  }

  /** Chunks are passed on as they came, sizes, extensions and trailers included. */
  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = line(in, out);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      long size = Long.parseLong(hex, 16);
      if (size == 0) {
        while (!line(in, out).isEmpty()) {
          // Trailer fields, copied by line(); the empty line ends the body.
        }
        return;
      }
      copyExactly(in, out, size);
      line(in, out);
    }
  }

  /** Copies one CRLF-terminated line and returns it without the CRLF. */
  private static String line(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(32);
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("request ended inside a chunked body");
      }
      out.write(b);
      if (previous == '\r' && b == '\n') {
        String text = line.toString(ISO_8859_1);
        return text.substring(0, text.length() - 1);
      }
      line.write(b);
      previous = b;
    }
  }

  private static void copyExactly(InputStream in, OutputStream out, long length)
      throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("request body ended " + left + " bytes short");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }
}
