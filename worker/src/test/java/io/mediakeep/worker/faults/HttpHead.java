package io.mediakeep.worker.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The head of an HTTP/1.1 message as it came off the wire: the start line and the header lines,
 * each kept as its bytes (ISO-8859-1 round-trips every byte), so that a proxy can pass signed
 * headers on unchanged and alter only the ones it must.
 */
record HttpHead(String startLine, List<String> headerLines) {

  private static final int MAX_BYTES = 64 * 1024;

  HttpHead {
    headerLines = List.copyOf(headerLines);
  }

  /**
   * Reads up to and including the blank line that ends the head, and not a byte further; null if
   * the stream ends before the head starts.
   */
  static HttpHead read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        if (bytes.size() == 0) {
          return null;
        }
        throw new IOException("connection ended inside an HTTP head");
      }
      bytes.write(b);
      if (bytes.size() > MAX_BYTES) {
        throw new IOException("HTTP head longer than " + MAX_BYTES + " bytes");
      }
      state = b == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : (b == '\r' ? 1 : 0);
    }
    String text = bytes.toString(ISO_8859_1);
    List<String> lines = List.of(text.substring(0, text.length() - 4).split("\r\n", -1));
    return new HttpHead(lines.getFirst(), lines.subList(1, lines.size()));
  }

  /** The request method, or for a response the protocol version. */
  String method() {
    return startLine.split(" ", 2)[0];
  }

  /** The request target, or for a response the status code. */
  String target() {
    String[] parts = startLine.split(" ", 3);
    return parts.length > 1 ? parts[1] : "";
  }

  /** The trimmed value of the first header of that name, or null. */
  String header(String name) {
    for (String line : headerLines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  boolean hasToken(String name, String token) {
    String value = header(name);
    return value != null && value.toLowerCase(Locale.ROOT).contains(token);
  }

  /** This head without any header of the given name and with {@code name: value} at the end. */
  HttpHead replacing(String name, String value) {
    List<String> lines = new ArrayList<>(without(name).headerLines);
    lines.add(name + ": " + value);
    return new HttpHead(startLine, lines);
  }

  HttpHead without(String name) {
    List<String> lines = new ArrayList<>();
    for (String line : headerLines) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        lines.add(line);
      }
    }
    return new HttpHead(startLine, lines);
  }

  byte[] bytes() {
    StringBuilder text = new StringBuilder(startLine).append("\r\n");
    headerLines.forEach(line -> text.append(line).append("\r\n"));
    return text.append("\r\n").toString().getBytes(ISO_8859_1);
  }
}
