package io.mediakeep.worker.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where an asset sits in its project's sequence when its event does not say. */
public final class Positions {

  /** The largest position an event may give; a longer trailing number is no position. */
  public static final int MAX = 1_000_000;

  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d{1,7})$");

  private Positions() {}

  /**
   * The event's position when it gives one, else the number its sceneId ends with ({@code
   * scene-012} is 12, {@code frame3} is 3), else null: sorted after the numbered ones.
   */
  public static Integer of(Integer given, String sceneId) {
    if (given != null) {
      return given;
    }
    Matcher number = TRAILING_NUMBER.matcher(sceneId);
    if (!number.find()) {
      return null;
    }
    int value = Integer.parseInt(number.group(1));
    return value <= MAX ? value : null;
  }
}
