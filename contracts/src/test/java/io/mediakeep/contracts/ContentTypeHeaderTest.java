package io.mediakeep.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypeHeaderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"application/json", "application/json; charset=utf-8", "Application/JSON"})
  void acceptsJsonWithOrWithoutParameters(String contentType) throws Exception {
    var headers = new LinkedHashMap<>(Fixtures.imageHeaders());
    headers.put("content-type", contentType.getBytes(UTF_8));

    var event = Fixtures.CODEC.decodeGenerated(headers, Fixtures.example("image-generated"));

    assertThat(event.kind()).isEqualTo(MediaKind.IMAGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Type", "ce_datacontenttype"})
  void readsTheOtherSpellings(String headerName) throws Exception {
    var headers = new LinkedHashMap<>(Fixtures.imageHeaders());
    headers.remove("content-type");
    headers.put(headerName, "text/csv".getBytes(UTF_8));

    assertThatThrownBy(
            () -> Fixtures.CODEC.decodeGenerated(headers, Fixtures.example("image-generated")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'text/csv'");
  }

  @Test
  void isOptional() throws Exception {
    var headers = new LinkedHashMap<>(Fixtures.imageHeaders());
    headers.remove("content-type");

    var event = Fixtures.CODEC.decodeGenerated(headers, Fixtures.example("image-generated"));

    assertThat(event.data().version()).isEqualTo(3);
  }
}
