package io.mediakeep.worker.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class HttpHeadTest {

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(ISO_8859_1));
  }

  @Test
  void replacingAHeaderKeepsTheOtherLinesByteForByte() throws IOException {
    String signed = "Authorization: AWS4-HMAC-SHA256 Credential=a/b, Signature=\u00e9\u00ff";
    HttpHead head =
        HttpHead.read(
            stream(
                "PUT /b/k HTTP/1.1\r\nHost: 127.0.0.1:9\r\n"
                    + signed
                    + "\r\nconnection: Keep-Alive\r\nExpect: 100-continue\r\n\r\n"));

    String rewritten =
        new String(head.without("Expect").replacing("Connection", "close").bytes(), ISO_8859_1);

    assertThat(rewritten)
        .isEqualTo(
            "PUT /b/k HTTP/1.1\r\nHost: 127.0.0.1:9\r\n"
                + signed
                + "\r\nConnection: close\r\n\r\n");
  }

  @Test
  void readsNoFurtherThanTheBlankLine() throws IOException {
    InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    HttpHead head = HttpHead.read(in);

    assertThat(head.target()).isEqualTo("200");
    assertThat(head.header("content-length")).isEqualTo("2");
    assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo("ok");
  }

  @Test
  void anEmptyStreamHasNoHead() throws IOException {
    assertThat(HttpHead.read(stream(""))).isNull();
  }
}
