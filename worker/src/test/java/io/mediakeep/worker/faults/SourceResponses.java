package io.mediakeep.worker.faults;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/** The HTTP/1.1 responses {@link FaultySource} writes; every one ends the connection. */
final class SourceResponses {

  private SourceResponses() {}

  static byte[] imageHead(int length) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
            + length
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(US_ASCII);
  }

  /** A status with a short text body and, when given, Retry-After in whole seconds. */
  static void writeStatus(OutputStream out, int status, Duration retryAfter) throws IOException {
    byte[] body = ("status " + status + "\n").getBytes(US_ASCII);
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(' ')
            .append(reason(status))
            .append("\r\nContent-Type: text/plain\r\nContent-Length: ")
            .append(body.length)
            .append("\r\nConnection: close\r\n");
    if (retryAfter != null) {
      long seconds = (retryAfter.toMillis() + 999) / 1000;
      head.append("Retry-After: ").append(seconds).append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(US_ASCII));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status " + status;
    };
  }
}
