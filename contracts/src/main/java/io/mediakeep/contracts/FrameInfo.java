package io.mediakeep.contracts;

/**
 * What a frame of a video project carried in the original design: its description, its timestamp in
 * the final video as text (such as {@code "00:05"}), the story of its scene, its style and mood.
 * Any of them may be null.
 */
public record FrameInfo(
    String description, String timestamp, String sceneStory, String style, String mood) {}
