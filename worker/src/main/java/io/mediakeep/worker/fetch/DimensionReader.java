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

/**
 * Reads width, height and duration from file headers with metadata-extractor, without decoding a
 * single pixel. WebM is not covered by the library: {@link WebmStructure} reads it on its walk.
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
}
