package io.mediakeep.worker.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Refuses markup hidden in the text and metadata areas of a file, read once through a window. */
final class MarkupScan {

  /**
   * Markup that turns an image into a page or a script when a browser or a server misreads it. Each
   * is at least five bytes, so that compressed data in a metadata area (an ICC profile, an EXIF
   * thumbnail) matches one by chance about once in 10^10 bytes.
   */
  private static final List<byte[]> MARKUP =
      List.of(
          ascii("<script"),
          ascii("<html"),
          ascii("<body"),
          ascii("<iframe"),
          ascii("<?php"),
          ascii("<!doctype"),
          ascii("javascript:"));

  static final int LONGEST_MARKER = 11;

  private MarkupScan() {}

  /** Reads {@code length} bytes of a text or metadata area and refuses markup in them. */
  static void scan(ContainerReader in, long length, String where) throws IOException {
    if (length <= 0) {
      in.skip(length);
      return;
    }
    byte[] window = in.window;
    int carried = 0;
    long left = length;
    while (left > 0) {
      int n = in.read(window, carried, (int) Math.min(window.length - carried, left));
      left -= n;
      int end = carried + n;
      String found = markup(window, end);
      if (found != null) {
        throw ContainerReader.refused(where + " holds markup (" + found + ")");
      }
      carried = Math.min(LONGEST_MARKER - 1, end);
      System.arraycopy(window, end - carried, window, 0, carried);
    }
  }

  private static String markup(byte[] bytes, int end) {
    for (int i = 0; i < end; i++) {
      byte b = bytes[i];
      if (b != '<' && b != 'j' && b != 'J') {
        continue;
      }
      for (byte[] marker : MARKUP) {
        if (startsWithIgnoringCase(bytes, i, end, marker)) {
          return new String(marker, StandardCharsets.US_ASCII);
        }
      }
    }
    return null;
  }

  private static boolean startsWithIgnoringCase(byte[] bytes, int at, int end, byte[] marker) {
    if (end - at < marker.length) {
      return false;
    }
    for (int k = 0; k < marker.length; k++) {
      int b = bytes[at + k];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != marker[k]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
  }
}
