package io.mediakeep.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AsyncApiDocumentTest {

  private static final URI DOCUMENT = URI.create("io/mediakeep/contracts/asyncapi.yaml");

  private final JsonNode asyncApi = read(DOCUMENT);

  @Test
  void isAsyncApi3WithTheFiveTopics() {
    assertThat(asyncApi.path("asyncapi").asText()).isEqualTo("3.0.0");
    assertThat(asyncApi.at("/channels/mediaGenerated/address").asText())
        .isEqualTo(Topics.MEDIA_GENERATED);
    assertThat(asyncApi.at("/channels/assetStored/address").asText())
        .isEqualTo(Topics.ASSET_STORED);
    assertThat(asyncApi.at("/channels/assetRejected/address").asText())
        .isEqualTo(Topics.ASSET_REJECTED);
    assertThat(asyncApi.at("/channels/assetCommands/address").asText())
        .isEqualTo(Topics.ASSET_COMMANDS);
    assertThat(asyncApi.at("/channels/assetLifecycle/address").asText())
        .isEqualTo(Topics.ASSET_LIFECYCLE);
  }

  @Test
  void mediakeepReceivesInputAndSendsTheOtherTwo() {
    assertThat(asyncApi.at("/operations/receiveMediaGenerated/action").asText())
        .isEqualTo("receive");
    assertThat(asyncApi.at("/operations/sendAssetStored/action").asText()).isEqualTo("send");
    assertThat(asyncApi.at("/operations/sendAssetRejected/action").asText()).isEqualTo("send");
    assertThat(asyncApi.at("/operations/receiveAssetCommands/action").asText())
        .isEqualTo("receive");
    assertThat(asyncApi.at("/operations/sendAssetLifecycle/action").asText()).isEqualTo("send");
  }

  @Test
  void everyRefPointsAtSomethingThatExists() {
    List<String> refs = new ArrayList<>();
    collectRefs(asyncApi, refs);

    assertThat(refs).hasSizeGreaterThan(10);
    for (String ref : refs) {
      String[] parts = ref.split("#", 2);
      JsonNode target = parts[0].isEmpty() ? asyncApi : read(DOCUMENT.resolve(parts[0]));
      if (parts.length == 2 && !parts[1].isEmpty()) {
        assertThat(target.at(parts[1]).isMissingNode()).as("target of %s", ref).isFalse();
      }
    }
  }

  @Test
  void messageExamplesDecodeWithTheCodec() throws Exception {
    ObjectMapper json = EventCodec.json();
    int decoded = 0;
    for (JsonNode message : asyncApi.at("/components/messages")) {
      for (JsonNode example : message.path("examples")) {
        Map<String, byte[]> headers = Fixtures.headers(example.path("headers"));
        byte[] payload = json.writeValueAsBytes(example.path("payload"));
        switch (example.at("/headers/ce_type").asText()) {
          case EventTypes.ASSET_STORED -> Fixtures.CODEC.decodeStored(headers, payload);
          case EventTypes.ASSET_REJECTED -> Fixtures.CODEC.decodeRejected(headers, payload);
          case EventTypes.ASSET_PROMOTE, EventTypes.ASSET_DELETE, EventTypes.OWNER_PURGE ->
              Fixtures.CODEC.decodeCommand(headers, payload);
          case EventTypes.ASSET_PROMOTED,
              EventTypes.ASSET_EXPIRED,
              EventTypes.ASSET_DELETED,
              EventTypes.ASSET_LOST,
              EventTypes.OWNER_PURGED ->
              Fixtures.CODEC.decodeLifecycle(headers, payload);
          default -> Fixtures.CODEC.decodeGenerated(headers, payload);
        }
        decoded++;
      }
    }
    assertThat(decoded).isEqualTo(13);
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.has("$ref")) {
      refs.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectRefs(child, refs));
  }

  private static JsonNode read(URI classpathPath) {
    String path = classpathPath.normalize().getPath();
    byte[] bytes = Fixtures.resource("/" + path);
    try {
      return path.endsWith(".json")
          ? EventCodec.json().readTree(bytes)
          : new YAMLMapper().readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError("cannot parse " + path, e);
    }
  }
}
