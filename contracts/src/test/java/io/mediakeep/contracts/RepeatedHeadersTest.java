package io.mediakeep.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The envelope's rule a map cannot see: a CloudEvents or content-type header given twice. */
class RepeatedHeadersTest {

  /** The example's headers in order, then {@code name} once more with another value. */
  private static EventHeaders withRepeat(String name, String value) {
    EventHeaders.Builder headers = EventHeaders.builder();
    Fixtures.imageHeaders().forEach(headers::add);
    return headers.add(name, value.getBytes(UTF_8)).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ce_id", "ce_type", "ce_source", "ce_specversion", "content-type"})
  void anEnvelopeHeaderGivenTwiceIsRefused(String name) {
    EventHeaders headers = withRepeat(name, "media.video.generated");

    assertThatThrownBy(
            () -> Fixtures.CODEC.decodeGenerated(headers, Fixtures.example("image-generated")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("header " + name + " appears more than once; which one is meant is unknown");
  }

  @Test
  void contentTypeInAnotherCaseIsTheSameHeader() {
    EventHeaders headers = withRepeat("Content-Type", "application/json");

    assertThatThrownBy(
            () -> Fixtures.CODEC.decodeGenerated(headers, Fixtures.example("image-generated")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("Content-Type appears more than once");
  }

  @Test
  void anotherHeaderGivenTwiceIsNoneOfTheEnvelopesBusiness() throws Exception {
    EventHeaders headers =
        withRepeat("traceparent", "00-" + UUID.randomUUID().toString().replace("-", "") + "-01");

    GeneratedEvent event =
        Fixtures.CODEC.decodeGenerated(headers, Fixtures.example("image-generated"));

    assertThat(event.kind()).isEqualTo(MediaKind.IMAGE);
  }

  @Test
  void everyDecoderEnforcesIt() {
    EventHeaders commandHeaders =
        EventHeaders.builder().add("ce_id", new byte[0]).add("ce_id", new byte[0]).build();

    assertThatThrownBy(() -> Fixtures.CODEC.decodeCommand(commandHeaders, new byte[] {'{', '}'}))
        .hasMessageContaining("ce_id appears more than once");
    assertThatThrownBy(() -> Fixtures.CODEC.decodeStored(commandHeaders, new byte[] {'{', '}'}))
        .hasMessageContaining("ce_id appears more than once");
    assertThatThrownBy(() -> Fixtures.CODEC.decodeRejected(commandHeaders, new byte[] {'{', '}'}))
        .hasMessageContaining("ce_id appears more than once");
    assertThatThrownBy(() -> Fixtures.CODEC.decodeLifecycle(commandHeaders, new byte[] {'{', '}'}))
        .hasMessageContaining("ce_id appears more than once");
  }
}
