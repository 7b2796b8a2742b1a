package io.mediakeep.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The fixed image set of the benchmark: real PNGs of random pixels, which barely compress, so their
 * sizes are what they look like. Mostly about 200 KiB, as generators return them, with a share of 2
 * MiB and of 10 MiB (just under mediakeep's default image cap).
 */
final class Images {

  /** One image of the set and how often it is used. */
  record Image(String name, byte[] bytes) {}

  private Images() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * The set: {@code typical} images of about 200 KiB, {@code medium} of about 2 MiB, {@code large}
   * of about 9.5 MiB.
   */
  static List<Image> set(int typical, int medium, int large) {
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < typical; i++) {
      images.add(new Image("typical-" + i + ".png", noisyPng(262, 262, i)));
    }
    for (int i = 0; i < medium; i++) {
      images.add(new Image("medium-" + i + ".png", noisyPng(836, 836, 1000 + i)));
    }
    for (int i = 0; i < large; i++) {
      images.add(new Image("large-" + i + ".png", noisyPng(1780, 1780, 2000 + i)));
    }
    return images;
  }

  static byte[] noisyPng(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(seed);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        row[x] = random.nextInt(1 << 24);
      }
      image.setRGB(0, y, width, 1, row, 0, width);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(width * height * 3 + 1024);
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
