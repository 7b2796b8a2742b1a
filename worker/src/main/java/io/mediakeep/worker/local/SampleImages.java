package io.mediakeep.worker.local;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Makes distinct small images for the demo and the tests, each one different bytes. */
public final class SampleImages {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private SampleImages() {}

  /** A PNG (or JPEG) gradient whose colours depend on {@code seed}. */
  public static byte[] image(int seed, int width, int height, String format) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      Color from = Color.getHSBColor((seed * 0.137f) % 1f, 0.7f, 0.9f);
      Color to = Color.getHSBColor((seed * 0.291f + 0.5f) % 1f, 0.6f, 0.4f);
      g.setPaint(new GradientPaint(0, 0, from, width, height, to));
      g.fillRect(0, 0, width, height);
      // A mark whose place depends on the seed; no text, so no fonts are needed.
      g.setColor(Color.WHITE);
      g.fillRect(seed % Math.max(1, width - 8), (seed / 7) % Math.max(1, height - 8), 8, 8);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] png(int seed) {
    return image(seed, 320, 180, "png");
  }
}
