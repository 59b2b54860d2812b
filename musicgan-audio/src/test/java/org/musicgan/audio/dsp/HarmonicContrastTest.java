package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicgan.audio.AudioClip;

class HarmonicContrastTest {
  static final int SR = 16000;

  /** Partials 1..n of f0 at amplitude 1/k, plus white noise of standard deviation {@code noise}. */
  static AudioClip note(double f0, int partials, double noise, long seed) {
    Random r = new Random(seed);
    float[] x = new float[SR * 2];
    for (int i = 0; i < x.length; i++) {
      double v = 0;
      for (int k = 1; k <= partials && k * f0 < SR / 2.0; k++) {
        v += Math.sin(2 * Math.PI * k * f0 * i / SR) / k;
      }
      x[i] = (float) (0.2 * v + noise * r.nextGaussian());
    }
    return new AudioClip(x, SR);
  }

  @Test
  void aHarmonicNoteStandsOutAndNoiseDoesNot() {
    double clean = HarmonicContrast.of(note(130.8, 60, 0, 1), 130.8, 504, 7000, 0.2, 1.8);
    double noisy = HarmonicContrast.of(note(130.8, 60, 0.01, 1), 130.8, 504, 7000, 0.2, 1.8);
    double noise = HarmonicContrast.of(note(130.8, 0, 0.1, 2), 130.8, 504, 7000, 0.2, 1.8);
    assertTrue(clean > 4, "clean " + clean);
    assertTrue(noisy > 0.5 && noisy < clean - 2, "noisy " + noisy);
    assertEquals(0, noise, 0.15, "noise");
  }

  @Test
  void partialsAtTheWrongPitchDoNotCount() {
    // a note a tritone away: its partials fall between the asked note's
    double wrong = HarmonicContrast.of(note(185.0, 60, 0, 1), 130.8, 504, 7000, 0.2, 1.8);
    double right = HarmonicContrast.of(note(185.0, 60, 0, 1), 185.0, 504, 7000, 0.2, 1.8);
    assertTrue(right > 4, "right " + right);
    assertTrue(wrong < right - 4, "wrong " + wrong);
    // only the band counts: partials 1..3 (up to 392 Hz) leave nothing above 504 Hz
    double band = HarmonicContrast.of(note(130.8, 3, 0.001, 1), 130.8, 504, 7000, 0.2, 1.8);
    assertTrue(Math.abs(band) < 0.5, "nothing in the band " + band);
  }

  @Test
  void emptyBandsAndSilenceAreNaNAndBadArgumentsAreRefused() {
    AudioClip low = new AudioClip(new float[1008 * 4], 1008);
    assertTrue(Double.isNaN(HarmonicContrast.of(low, 130.8, 504, 7000, 0.2, 3)));
    AudioClip silent = new AudioClip(new float[SR * 2], SR);
    assertTrue(Double.isNaN(HarmonicContrast.of(silent, 130.8, 504, 7000, 0.2, 1.8)));
    AudioClip n = note(130.8, 10, 0, 1);
    assertThrows(IllegalArgumentException.class, () -> HarmonicContrast.of(n, 0, 504, 7000, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> HarmonicContrast.of(n, 130.8, 504, 400, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> HarmonicContrast.of(n, 130.8, 504, 7000, 1, 1.01));
  }
}
