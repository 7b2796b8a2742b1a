package io.mediakeep.worker.core;

import io.mediakeep.contracts.MediaKind;

/** The media formats mediakeep stores, decided from magic bytes, never from a declared type. */
public enum MediaFormat {
  JPEG("image/jpeg", "jpg", MediaKind.IMAGE),
  PNG("image/png", "png", MediaKind.IMAGE),
  WEBP("image/webp", "webp", MediaKind.IMAGE),
  GIF("image/gif", "gif", MediaKind.IMAGE),
  MP4("video/mp4", "mp4", MediaKind.VIDEO),
  WEBM("video/webm", "webm", MediaKind.VIDEO);

  private final String contentType;
  private final String extension;
  private final MediaKind kind;

  MediaFormat(String contentType, String extension, MediaKind kind) {
    this.contentType = contentType;
    this.extension = extension;
    this.kind = kind;
  }

  public String contentType() {
    return contentType;
  }

  public String extension() {
    return extension;
  }

  public MediaKind kind() {
    return kind;
  }
}
