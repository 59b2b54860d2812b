package org.musicgan.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureSchemaTest {
  static final FeatureSchema SCHEMA =
      new FeatureSchema(
          List.of(
              FeatureSchema.Feature.categorical("genre", List.of("Folk", "Rock", "Hip-Hop")),
              FeatureSchema.Feature.numeric("tempo", 120, 1 / 60.0)));

  @Test
  void buildsAndDescribesVectors() {
    assertEquals(4, SCHEMA.size());
    assertEquals(
        List.of("genre=Folk", "genre=Rock", "genre=Hip-Hop", "tempo"), SCHEMA.entryNames());
    float[] v = SCHEMA.vector(Map.of("genre", "Rock", "tempo", 90.0));
    assertArrayEquals(new float[] {0, 1, 0, -0.5f}, v);
    assertEquals("genre=Rock, tempo=90.0", SCHEMA.describe(v));
  }

  @Test
  void missingChoicesAreNeutral() {
    float[] v = SCHEMA.vector(Map.of());
    assertArrayEquals(new float[] {0, 0, 0, 0}, v);
    assertEquals("genre=(none), tempo=120.0", SCHEMA.describe(v));
  }

  @Test
  void badChoicesAreNamed() {
    assertEquals(
        "genre: unknown category 'Jazz'; known: [Folk, Rock, Hip-Hop]",
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.vector(Map.of("genre", "Jazz")))
            .getMessage());
    assertEquals(
        "unknown feature 'mood'; known: [genre, tempo]",
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.vector(Map.of("mood", "sad")))
            .getMessage());
    assertEquals(
        "tempo needs a number, found 'fast'",
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.vector(Map.of("tempo", "fast")))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new FeatureSchema(
                List.of(
                    FeatureSchema.Feature.numeric("x", 0, 1),
                    FeatureSchema.Feature.numeric("x", 0, 1))));
    assertThrows(IllegalArgumentException.class, () -> SCHEMA.describe(new float[3]));
  }
}
