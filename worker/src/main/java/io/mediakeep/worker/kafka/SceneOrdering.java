package io.mediakeep.worker.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The ordering key of an input record: its scene (project, scene, variant). Events of one scene run
 * one after the other in offset order, so a duplicate never races its original; different scenes of
 * one project run in parallel, since the ledger makes the highest version current whatever the
 * arrival order. Only three top-level fields are read, with a streaming parser, on the poll thread;
 * a record without them falls back to its Kafka key.
 */
public final class SceneOrdering implements Function<ConsumerRecord<byte[], byte[]>, Object> {

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public Object apply(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() != null) {
      try (JsonParser parser = JSON.createParser(record.value())) {
        String scene = scene(parser);
        if (scene != null) {
          return scene;
        }
      } catch (IOException | RuntimeException notJson) {
        // decoding rejects it later with a reason; ordering only needs a stable key
      }
    }
    return record.key() == null ? null : ByteBuffer.wrap(record.key());
  }

  private static String scene(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String project = null;
    String scene = null;
    String variant = "0";
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "projectId" -> project = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        case "sceneId" -> scene = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        case "variant" -> variant = value.isNumeric() ? parser.getText() : variant;
        default -> parser.skipChildren();
      }
    }
    return project == null || scene == null ? null : project + "/" + scene + "/" + variant;
  }
}
