package io.mediakeep.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediakeep.worker.faults.FaultySource.Response;
import io.mediakeep.worker.local.SampleImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultySourceTest {

  private FaultySource source;
  private HttpClient client;

  @BeforeEach
  void start() throws IOException {
    source = FaultySource.start();
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterEach
  void stop() {
    source.close();
    client.close();
  }

  private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return client.send(request(url), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
  }

  @Test
  void servesTheSampleImageOfEachNumber() throws Exception {
    HttpResponse<byte[]> seven = get(source.url(7));
    HttpResponse<byte[]> eight = get(source.url(8));

    assertThat(seven.statusCode()).isEqualTo(200);
    assertThat(seven.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(seven.body()).isEqualTo(SampleImages.png(7));
    assertThat(eight.body()).isEqualTo(SampleImages.png(8)).isNotEqualTo(seven.body());
    assertThat(FaultySource.sha256Hex(7)).isEqualTo(sha256Hex(seven.body()));
    assertThat(source.requests(7)).isEqualTo(1);
    assertThat(source.requests(9)).isZero();
    assertThat(source.responses(Response.IMAGE)).isEqualTo(2);
  }

  @Test
  void answersMissingPathsWith404() throws Exception {
    assertThat(get(source.missingUrl(3)).statusCode()).isEqualTo(404);
    assertThat(get("http://127.0.0.1:" + source.port() + "/elsewhere").statusCode()).isEqualTo(404);
    assertThat(source.responses(Response.NOT_FOUND)).isEqualTo(2);
    assertThat(source.requests(3)).isZero();
  }

  @Test
  void failsTheNextRequestsThenServes() throws Exception {
    source.failNext(2, 503, Duration.ofSeconds(7));

    HttpResponse<byte[]> first = get(source.url(1));
    HttpResponse<byte[]> second = get(source.url(1));
    HttpResponse<byte[]> third = get(source.url(1));

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(third.body()).isEqualTo(SampleImages.png(1));
    assertThat(source.responses(Response.FAILED)).isEqualTo(2);
    assertThat(source.requests(1)).isEqualTo(3);
  }

  @Test
  void failureWithoutRetryAfterHasNoSuchHeader() throws Exception {
    source.failNext(1, 500);

    HttpResponse<byte[]> failed = get(source.url(2));

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void resetBreaksTheDownloadHalfWay() throws Exception {
    source.resetNext(1);

    assertThatThrownBy(() -> get(source.url(4))).isInstanceOf(IOException.class);
    assertThat(get(source.url(4)).body()).isEqualTo(SampleImages.png(4));
    assertThat(source.responses(Response.RESET)).isEqualTo(1);
    assertThat(source.responses(Response.IMAGE)).isEqualTo(1);
  }

  @Test
  void delayedAndDrippedResponsesStillArriveWhole() throws Exception {
    source.delay(Duration.ofMillis(50));
    source.drip(4096, Duration.ofMillis(5));

    assertThat(get(source.url(5)).body()).isEqualTo(SampleImages.png(5));
  }

  @Test
  void aSlowRequestHoldsUpNoOther() throws Exception {
    source.slowEvery(2, Duration.ofHours(1));

    assertThat(get(source.url(1)).statusCode()).isEqualTo(200);
    CompletableFuture<HttpResponse<byte[]>> slow =
        client.sendAsync(request(source.url(2)), HttpResponse.BodyHandlers.ofByteArray());
    Await.until("the slow request arrives", () -> source.requests(2) == 1);
    assertThat(get(source.url(3)).body()).isEqualTo(SampleImages.png(3));

    assertThat(slow).isNotDone();
    assertThat(source.requests()).isEqualTo(3);
    assertThat(source.requests(2)).isEqualTo(1);
  }

  @Test
  void failRateOfOneFailsEveryRequestAndNormalClearsIt() throws Exception {
    source.failRate(1.0, 502);
    assertThat(get(source.url(6)).statusCode()).isEqualTo(502);
    assertThat(get(source.url(6)).statusCode()).isEqualTo(502);

    source.normal();

    assertThat(get(source.url(6)).statusCode()).isEqualTo(200);
    assertThat(source.responses(Response.FAILED)).isEqualTo(2);
    assertThat(source.requests()).isEqualTo(3);
  }

  @Test
  void aPartialFailRateFailsSomeRequests() throws Exception {
    source.failRate(0.5, 503);

    for (int i = 0; i < 40; i++) {
      get(source.url(i));
    }

    assertThat(source.responses(Response.FAILED)).isBetween(1, 39);
    assertThat(source.responses(Response.FAILED) + source.responses(Response.IMAGE)).isEqualTo(40);
  }

  private static String sha256Hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
