package org.musicgan.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AudioClipTest {
  @Test
  void mixdownAveragesChannels() {
    AudioClip mono = AudioClip.mixdown(new float[][] {{1f, 0.5f, -1f}, {0f, 0.5f, 1f}}, 8000);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, mono.samples());
    assertEquals(8000, mono.sampleRate());
  }

  @Test
  void mixdownRejectsRaggedChannels() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AudioClip.mixdown(new float[][] {{1f, 2f}, {1f}}, 8000));
    assertEquals("channel 1 has 1 samples, channel 0 has 2", e.getMessage());
  }

  @Test
  void clipIsImmutable() {
    float[] data = {0.1f, 0.2f};
    AudioClip clip = new AudioClip(data, 100);
    data[0] = 9f;
    clip.samples()[1] = 9f;
    assertArrayEquals(new float[] {0.1f, 0.2f}, clip.samples());
  }

  @Test
  void rejectsNonFiniteSamplesAndBadRates() {
    assertThrows(IllegalArgumentException.class, () -> new AudioClip(new float[] {Float.NaN}, 10));
    assertThrows(IllegalArgumentException.class, () -> new AudioClip(new float[] {0f}, 0));
  }

  @Test
  void lengthPeakAndDuration() {
    AudioClip clip = new AudioClip(new float[] {0.2f, -0.7f, 0.1f, 0f}, 2);
    assertEquals(0.7f, clip.peak());
    assertEquals(2.0, clip.durationSeconds());
    assertArrayEquals(new float[] {0.2f, -0.7f, 0.1f, 0f, 0f, 0f}, clip.withLength(6).samples());
    assertArrayEquals(new float[] {0.2f}, clip.withLength(1).samples());
  }
}
