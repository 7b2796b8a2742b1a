package io.mediakeep.worker.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What PostgreSQL refuses in text and jsonb becomes U+FFFD; everything else is kept as it is. */
class PgTextTest {

  @Test
  void replacesNulAndUnpairedSurrogates() {
    assertThat(PgText.of("a\u0000b")).isEqualTo("a\uFFFDb");
    assertThat(PgText.of("\ud800x\udc00")).isEqualTo("\uFFFDx\uFFFD");
    assertThat(PgText.of("x\ud800")).isEqualTo("x\uFFFD");
  }

  @Test
  void keepsEverythingElse() {
    String text = "scene-1 \n\t\u0085 \ud83d\ude00 \uff0e\uff0e/..";
    assertThat(PgText.of(text)).isSameAs(text);
    assertThat(PgText.of((String) null)).isNull();
  }

  @Test
  void cleansHeaderNamesAndValues() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce_id", "id\u0000");
    headers.put("x-\u0000", "\u0000\u0000");

    assertThat(PgText.of(headers))
        .containsExactly(Map.entry("ce_id", "id\uFFFD"), Map.entry("x-\uFFFD", "\uFFFD\uFFFD"));
  }
}
