package io.mediakeep.worker.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediakeep.contracts.EventCodec;
import io.mediakeep.contracts.GeneratedEvent;
import io.mediakeep.contracts.InvalidEventException;
import io.mediakeep.contracts.MediaGenerated;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the decoder accepts, the object key the worker builds from it passes {@link ObjectKeys}:
 * the codec and the last check agree. 2,000 generated events with path tricks, escapes and
 * arbitrary characters spliced into the JSON text of the fields that make the key.
 */
class AcceptedEventKeysTest {

  private static final EventCodec CODEC = new EventCodec();
  private static final String OWNER = "7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c51";
  private static final String PROJECT = "0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40";
  private static final Map<String, byte[]> HEADERS =
      Map.of(
          "ce_specversion", bytes("1.0"),
          "ce_id", bytes("id-1"),
          "ce_source", bytes("/test"),
          "ce_type", bytes("media.image.generated"));

  @Property(tries = 2000)
  void theKeyOfEveryAcceptedEventIsSafe(@ForAll("events") String json) {
    GeneratedEvent event;
    try {
      event = CODEC.decodeGenerated(HEADERS, bytes(json));
    } catch (InvalidEventException rejected) {
      event = null;
    }
    // Guards against a generator so hostile that nothing is ever accepted and nothing is checked.
    Statistics.collect(event != null);
    Statistics.coverage(coverage -> coverage.check(true).percentage(p -> p >= 10));
    if (event == null) {
      return;
    }
    MediaGenerated data = event.data();
    AssetKey key = new AssetKey(data.projectId(), data.sceneId(), data.version(), data.variant());
    for (MediaFormat format : MediaFormat.values()) {
      String objectKey = StorageLayout.objectKey(data.ownerId(), key, "ab".repeat(32), format);
      assertThat(ObjectKeys.problem(data.ownerId(), objectKey)).as(objectKey).isEmpty();
    }
  }

  @Provide
  Arbitrary<String> events() {
    Arbitrary<String> tricks =
        Arbitraries.of(
            "..", "/", "\\\\", "\\/", "%2F", "\\u002e", "\\u002f", "\\u0000", "\\u005c", "\uff0f",
            "\u2215", "\\n", "\\t", " ", "-", "_", "A", "9", "\u0430");
    Arbitrary<String> spliced =
        Arbitraries.oneOf(
            tricks.list().ofMaxSize(3).map(l -> String.join("", l)),
            Arbitraries.strings().all().ofMaxLength(3).map(AcceptedEventKeysTest::jsonEscape));
    Arbitrary<Integer> at = Arbitraries.integers().between(0, 40);
    return Combinators.combine(
            spliced, at, spliced, at, Arbitraries.integers().between(-2, 1_000_002))
        .as(
            (sceneText, sceneAt, ownerText, ownerAt, version) -> {
              String scene = splice("scene-012", sceneText, sceneAt);
              String owner = ownerAt % 4 == 0 ? splice(OWNER, ownerText, ownerAt) : OWNER;
              return """
                  {"projectId":"%s","ownerId":"%s","sceneId":"%s","version":%d,"variant":0,\
                  "sourceUrl":"https://x.example/a.png","generation":{"provider":"p","model":"m"}}"""
                  .formatted(PROJECT, owner, scene, version);
            });
  }

  private static String splice(String value, String text, int at) {
    int i = Math.min(at, value.length());
    return value.substring(0, i) + text + value.substring(i);
  }

  private static String jsonEscape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
