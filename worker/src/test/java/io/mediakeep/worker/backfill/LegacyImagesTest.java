package io.mediakeep.worker.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyImagesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void scenesTakeTheirIndexElseTheirPlaceAndRowsWinForTheSameImage() throws Exception {
    var document =
        JSON.readTree(
            """
            {"provider": "fal", "scenes": [
              {"index": 4, "prompt": "a cliff", "imageUrls": ["https://a/4-0.png", "https://a/4-1.png"]},
              {"imageUrls": ["https://a/2-0.png"]},
              {"imageUrls": []},
              {"imageUrls": [17, " "]}
            ]}
            """);
    var project =
        new LegacyProject(
            "p",
            "u",
            document,
            List.of(
                new LegacyProject.ImageRow(4, 1, "https://rows/4-1.png"),
                new LegacyProject.ImageRow(9, 0, "https://rows/9-0.png")));

    LegacyImages.Result result = LegacyImages.of(project);

    assertThat(result.images())
        .extracting(i -> i.position() + "/" + i.imageIndex() + " " + i.url())
        .containsExactly(
            "2/0 https://a/2-0.png",
            "4/0 https://a/4-0.png",
            "4/1 https://rows/4-1.png",
            "9/0 https://rows/9-0.png");
    assertThat(result.images().get(1).provider()).isEqualTo("fal");
    assertThat(result.images().get(1).model()).isEqualTo("unknown");
    assertThat(result.images().get(2).prompt()).as("kept from the document").isEqualTo("a cliff");
    assertThat(result.problems())
        .containsExactly(
            "scenes[3].imageUrls[0] is not a URL", "scenes[3].imageUrls[1] is not a URL");
  }

  @Test
  void aDocumentOfAnotherShapeIsReportedAndItsRowsAreStillTaken() throws Exception {
    var project =
        new LegacyProject(
            "p",
            "u",
            JSON.readTree("{\"scenes\": {\"0\": []}}"),
            List.of(new LegacyProject.ImageRow(1, 0, "https://rows/1-0.png")));

    LegacyImages.Result result = LegacyImages.of(project);

    assertThat(result.problems()).containsExactly("generated_output has no scenes array");
    assertThat(result.images())
        .extracting(LegacyImages.Image::url)
        .containsExactly("https://rows/1-0.png");
  }

  @Test
  void signedUrlsSayWhenTheyExpire() {
    assertThat(
            SignedUrls.expiresAt(
                "https://b.s3.amazonaws.com/k.png?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    + "&X-Amz-Date=20250101T120000Z&X-Amz-Expires=3600&X-Amz-Signature=ab"))
        .contains(Instant.parse("2025-01-01T13:00:00Z"));
    assertThat(
            SignedUrls.expiresAt(
                "https://storage.googleapis.com/b/k?X-Goog-Date=20250101T000000Z&X-Goog-Expires=60"))
        .contains(Instant.parse("2025-01-01T00:01:00Z"));
    assertThat(
            SignedUrls.expiresAt(
                "https://d111.cloudfront.net/k.png?Expires=1735732800&Signature=x"))
        .contains(Instant.parse("2025-01-01T12:00:00Z"));
    assertThat(SignedUrls.expiresAt("https://fal.media/files/k.png")).isEmpty();
    assertThat(SignedUrls.expiresAt("https://x/k?X-Amz-Date=garbage&X-Amz-Expires=10")).isEmpty();
  }

  @Test
  void eventIdsAndKeysDeriveFromTheImage() {
    var image = new LegacyImages.Image(3, 1, "https://a/3-1.png", "legacy", "unknown", null);
    var project = java.util.UUID.fromString("0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40");
    var owner = java.util.UUID.fromString("7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c51");

    BackfillRun.Event first = BackfillRun.event(project, owner, image);
    BackfillRun.Event again = BackfillRun.event(project, owner, image);

    assertThat(first.id()).isEqualTo(again.id());
    assertThat(java.util.UUID.fromString(first.id()).version()).isEqualTo(5);
    assertThat(first.data().sceneId()).isEqualTo("scene-3");
    assertThat(first.data().variant()).isEqualTo(1);
    assertThat(first.data().version()).isEqualTo(1);
    assertThat(first.data().position()).isEqualTo(3);
    assertThat(
            BackfillRun.event(
                    project,
                    owner,
                    new LegacyImages.Image(3, 1, "https://a/other.png", "legacy", "unknown", null))
                .id())
        .isNotEqualTo(first.id());
  }
}
