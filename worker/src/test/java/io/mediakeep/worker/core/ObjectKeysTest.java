package io.mediakeep.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys that could land outside the owner's prefix, or be read differently by a store, are refused.
 */
class ObjectKeysTest {

  private static final UUID OWNER = UUID.fromString("7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c51");
  private static final UUID PROJECT = UUID.fromString("0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40");
  private static final String UNDER = OWNER + "/" + PROJECT + "/";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "scene-012/v3-1-9f86d081884c7d65.png",
        "S_1/v1000000-1000-0123456789abcdef.mp4",
        "a/v1-0-"
      })
  void acceptsTheLayoutsOwnKeys(String rest) {
    assertThat(ObjectKeys.problem(OWNER, UNDER + rest)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "..                                      | contains '..'",
        "../v1-0-x.png                           | contains '..'",
        "a..b/v1-0-x.png                         | contains '..'",
        "./v1-0-x.png                            | '.' path segment",
        "a\\b/v1-0-x.png                         | a backslash",
        "a/b/v1-0-x.png                          | 5 path segments",
        "/v1-0-x.png                             | empty path segment",
        "a//v1-0-x.png                           | empty path segment",
        "a/                                      | empty path segment",
        "a%2Fb/v1-0-x.png                        | '%'",
        "a%2e%2e/v1-0-x.png                      | '%'",
        "a b/v1-0-x.png                          | ' '",
        "a:b/v1-0-x.png                          | ':'",
        "\uff0e\uff0e/v1-0-x.png                 | non-ASCII character U+FF0E",
        "a\u2215b/v1-0-x.png                     | non-ASCII character U+2215",
        "\u0430/v1-0-x.png                       | non-ASCII character U+0430",
        "a\u200b/v1-0-x.png                      | non-ASCII character U+200B"
      })
  void refusesUnsafeKeys(String rest, String expected) {
    assertThat(ObjectKeys.problem(OWNER, UNDER + rest)).get().asString().contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\n", "\r", "\t", "\u007f", "\u0085"})
  void refusesControlCharacters(String control) {
    assertThat(ObjectKeys.problem(OWNER, UNDER + "a" + control + "b/v1-0-x.png"))
        .get()
        .asString()
        .contains("control character U+");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0b6f7a52-3c1e-4d8a-9f2b-5e7c1a2d3f40/7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c51/a/v1-0-x.png",
        "7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c5/a/b/v1-0-x.png",
        "7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c51x/a/b/v1-0-x.png",
        "7D3E9C14-8A2B-4F6E-B1C0-2A9D8E7F6C51/a/b/v1-0-x.png",
        "a/7d3e9c14-8a2b-4f6e-b1c0-2a9d8e7f6c51/a/v1-0-x.png"
      })
  void refusesKeysOutsideTheOwnersPrefix(String key) {
    assertThat(ObjectKeys.problem(OWNER, key)).get().asString().contains("is not under");
  }

  @ParameterizedTest
  @ValueSource(ints = {1025, 5000})
  void refusesKeysLongerThanS3Allows(int length) {
    String key = UNDER + "a/" + "v".repeat(length - UNDER.length() - 2);
    assertThat(ObjectKeys.problem(OWNER, key)).get().asString().contains("longer than 1024");
  }

  @Test
  void refusesAnEmptyKeyOrAMissingOwner() {
    assertThat(ObjectKeys.problem(OWNER, "")).get().asString().contains("empty");
    assertThat(ObjectKeys.problem(OWNER, null)).get().asString().contains("empty");
    assertThat(ObjectKeys.problem(null, UNDER + "a/v1-0-x.png"))
        .get()
        .asString()
        .contains("ownerId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "a/b", "a\\b", "a\u0000b", "\uff0e\uff0e", "", "%2e%2e"})
  void theStorageLayoutsKeysForHostileSceneIdsAreAllRefused(String sceneId) {
    AssetKey key = new AssetKey(PROJECT, sceneId, 1, 0);

    assertThat(ObjectKeys.problem(OWNER, StorageLayout.keyPrefix(OWNER, key))).isPresent();
    assertThat(
            ObjectKeys.problem(
                OWNER, StorageLayout.objectKey(OWNER, key, "0".repeat(64), MediaFormat.PNG)))
        .isPresent();
  }
}
