package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DataUriExampleTest {

  private static final String PREFIX = "data:image/png;base64,";

  @Test
  void holdsARealOneByOnePng() throws Exception {
    String sourceUrl =
        Fixtures.CODEC
            .decodeGenerated(
                Fixtures.exampleHeaders("image-generated-data-uri"),
                Fixtures.example("image-generated-data-uri"))
            .data()
            .sourceUrl();

    assertThat(sourceUrl).startsWith(PREFIX);
    byte[] png = Base64.getDecoder().decode(sourceUrl.substring(PREFIX.length()));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(1);
    assertThat(image.getHeight()).isEqualTo(1);
  }
}
