package io.mediakeep.worker.faults;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class HttpBodyTest {

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(ISO_8859_1));
  }

  private static String copied(HttpHead head, InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpBody.copy(head, in, out);
    return out.toString(ISO_8859_1);
  }

  @Test
  void copiesContentLengthBytesAndNoMore() throws IOException {
    InputStream in = stream("PUT /b/k HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloNEXT");
    HttpHead head = HttpHead.read(in);

    assertThat(copied(head, in)).isEqualTo("hello");
    assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo("NEXT");
  }

  @Test
  void copiesAChunkedBodyAsItCameUpToTheTerminatingChunk() throws IOException {
    String body = "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-trailer: t\r\n\r\n";
    InputStream in =
        stream("PUT /b/k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body + "NEXT");
    HttpHead head = HttpHead.read(in);

    assertThat(copied(head, in)).isEqualTo(body);
    assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo("NEXT");
  }

  @Test
  void aRequestWithoutFramingHasNoBody() throws IOException {
    InputStream in = stream("GET /b/k HTTP/1.1\r\nHost: h\r\n\r\nNEXT");

    assertThat(copied(HttpHead.read(in), in)).isEmpty();
  }
}
