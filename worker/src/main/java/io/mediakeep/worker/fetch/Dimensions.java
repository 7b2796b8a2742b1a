package io.mediakeep.worker.fetch;

/** Width, height and duration read from a file's headers; any of them may be unknown. */
public record Dimensions(Integer width, Integer height, Long durationMs) {

  public static final Dimensions UNKNOWN = new Dimensions(null, null, null);

  public boolean hasSize() {
    return width != null && height != null;
  }

  public long pixels() {
    return hasSize() ? (long) width * height : 0;
  }
}
