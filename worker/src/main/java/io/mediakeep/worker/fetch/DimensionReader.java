package io.mediakeep.worker.fetch;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.gif.GifMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.mp4.Mp4MetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.mp4.Mp4Directory;
import com.drew.metadata.mp4.media.Mp4VideoDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import io.mediakeep.worker.core.MediaFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The one home of dimensions: width and height from the first bytes of a body ({@link #fromHead}),
 * so that an absurd size is refused before the rest is read; and width, height and duration from
 * the whole file's headers with metadata-extractor ({@link #read}), without decoding a single
 * pixel. WebM is not covered by the library: {@link WebmStructure} reads it on its walk.
 */
public final class DimensionReader {

  public Dimensions read(MediaFormat format, InputStream in) throws IOException {
    try {
      return switch (format) {
        case JPEG ->
            size(
                JpegMetadataReader.readMetadata(in),
                JpegDirectory.class,
                JpegDirectory.TAG_IMAGE_WIDTH,
                JpegDirectory.TAG_IMAGE_HEIGHT);
        case PNG ->
            size(
                PngMetadataReader.readMetadata(in),
                PngDirectory.class,
                PngDirectory.TAG_IMAGE_WIDTH,
                PngDirectory.TAG_IMAGE_HEIGHT);
        case WEBP ->
            size(
                WebpMetadataReader.readMetadata(in),
                WebpDirectory.class,
                WebpDirectory.TAG_IMAGE_WIDTH,
                WebpDirectory.TAG_IMAGE_HEIGHT);
        case GIF ->
            size(
                GifMetadataReader.readMetadata(in),
                GifHeaderDirectory.class,
                GifHeaderDirectory.TAG_IMAGE_WIDTH,
                GifHeaderDirectory.TAG_IMAGE_HEIGHT);
        case MP4 -> mp4(Mp4MetadataReader.readMetadata(in));
        case WEBM -> Dimensions.UNKNOWN;
      };
    } catch (ImageProcessingException e) {
      throw new IOException("unreadable " + format + " header: " + e.getMessage(), e);
    }
  }

  private static <D extends Directory> Dimensions size(
      Metadata metadata, Class<D> type, int widthTag, int heightTag) {
    D directory = metadata.getFirstDirectoryOfType(type);
    if (directory == null
        || !directory.containsTag(widthTag)
        || !directory.containsTag(heightTag)) {
      return Dimensions.UNKNOWN;
    }
    return new Dimensions(directory.getInteger(widthTag), directory.getInteger(heightTag), null);
  }

  private static Dimensions mp4(Metadata metadata) {
    Mp4VideoDirectory video = metadata.getFirstDirectoryOfType(Mp4VideoDirectory.class);
    Mp4Directory movie = metadata.getFirstDirectoryOfType(Mp4Directory.class);
    Integer width = null;
    Integer height = null;
    if (video != null
        && video.containsTag(Mp4VideoDirectory.TAG_WIDTH)
        && video.containsTag(Mp4VideoDirectory.TAG_HEIGHT)) {
      width = video.getInteger(Mp4VideoDirectory.TAG_WIDTH);
      height = video.getInteger(Mp4VideoDirectory.TAG_HEIGHT);
    }
    Long durationMs = null;
    if (movie != null
        && movie.containsTag(Mp4Directory.TAG_DURATION)
        && movie.containsTag(Mp4Directory.TAG_TIME_SCALE)) {
      Long duration = movie.getLongObject(Mp4Directory.TAG_DURATION);
      Long scale = movie.getLongObject(Mp4Directory.TAG_TIME_SCALE);
      if (duration != null && scale != null && scale > 0) {
        durationMs = duration * 1000 / scale;
      }
    }
    return new Dimensions(width, height, durationMs);
  }

  /**
   * Width and height from the first bytes, where PNG, GIF, WebP and (usually) JPEG keep them, so
   * that an absurd size is refused before the rest of the body is read; {@link Dimensions#UNKNOWN}
   * when the head does not hold them.
   */
  static Dimensions fromHead(MediaFormat format, byte[] head, int length) {
    ByteBuffer b = ByteBuffer.wrap(head, 0, length);
    return switch (format) {
      case PNG ->
          length >= 24 && ascii(head, 12, "IHDR")
              ? size(Integer.toUnsignedLong(b.getInt(16)), Integer.toUnsignedLong(b.getInt(20)))
              : Dimensions.UNKNOWN;
      case GIF -> length >= 10 ? size(u16le(head, 6), u16le(head, 8)) : Dimensions.UNKNOWN;
      case WEBP -> webpSize(head, length);
      case JPEG -> jpegSize(head, length);
      case MP4, WEBM -> Dimensions.UNKNOWN;
    };
  }

  private static Dimensions webpSize(byte[] h, int length) {
    if (length >= 30 && ascii(h, 12, "VP8X")) {
      return size(1 + u24le(h, 24), 1 + u24le(h, 27));
    }
    if (length >= 25 && ascii(h, 12, "VP8L") && h[20] == 0x2F) {
      long bits = u16le(h, 21) | (long) u16le(h, 23) << 16;
      return size((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }
    if (length >= 30 && ascii(h, 12, "VP8 ")) {
      return size(u16le(h, 26) & 0x3FFF, u16le(h, 28) & 0x3FFF);
    }
    return Dimensions.UNKNOWN;
  }

  private static Dimensions jpegSize(byte[] h, int length) {
    int i = 2;
    while (i + 9 < length && (h[i] & 0xFF) == 0xFF) {
      int code = h[i + 1] & 0xFF;
      int segment = (h[i + 2] & 0xFF) << 8 | (h[i + 3] & 0xFF);
      if ((code >= 0xC0 && code <= 0xCF) && code != 0xC4 && code != 0xC8 && code != 0xCC) {
        int height = (h[i + 5] & 0xFF) << 8 | (h[i + 6] & 0xFF);
        int width = (h[i + 7] & 0xFF) << 8 | (h[i + 8] & 0xFF);
        return size(width, height);
      }
      if (code == 0xDA || segment < 2) {
        break;
      }
      i += 2 + segment;
    }
    return Dimensions.UNKNOWN;
  }

  private static Dimensions size(long width, long height) {
    return width > Integer.MAX_VALUE || height > Integer.MAX_VALUE
        ? new Dimensions(Integer.MAX_VALUE, Integer.MAX_VALUE, null)
        : new Dimensions((int) width, (int) height, null);
  }

  private static boolean ascii(byte[] bytes, int at, String text) {
    for (int k = 0; k < text.length(); k++) {
      if (bytes[at + k] != text.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int u16le(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static int u24le(byte[] b, int at) {
    return u16le(b, at) | (b[at + 2] & 0xFF) << 16;
  }
}
