package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicgan.audio.AudioClip;

class PitchEstimatorTest {

  /** A decaying harmonic tone with 1/h partial amplitudes and a missing-ish fundamental option. */
  static AudioClip tone(double f0, int sr, double fundamentalGain, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] x = new float[4 * sr];
    for (int h = 1; h <= 8; h++) {
      double f = h * f0;
      if (f >= sr / 2.0) {
        break;
      }
      double a = (h == 1 ? fundamentalGain : 1.0) / h;
      double ph = r.nextDouble() * 2 * Math.PI;
      for (int i = 0; i < x.length; i++) {
        x[i] +=
            (float) (0.3 * a * Math.exp(-i / (1.5 * sr)) * Math.sin(2 * Math.PI * f * i / sr + ph));
      }
    }
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (0.002 * r.nextGaussian());
    }
    return new AudioClip(x, sr);
  }

  @ParameterizedTest
  @CsvSource({
    "48, 1000, 1.0",
    "53.3, 1000, 1.0",
    "60, 1000, 0.3",
    "55, 1008, 1.0",
    "67, 16000, 1.0",
    "50, 1000, 0.05"
  })
  void findsTheFundamentalWithinFiveCents(double midi, int sr, double fundamentalGain) {
    PitchEstimator est = PitchEstimator.forMidiRange(48, 67);
    double f0 = PitchEstimator.midiToHz(midi);
    double got = est.estimate(tone(f0, sr, fundamentalGain, 3), 0.1, 3.0);
    assertEquals(midi, PitchEstimator.hzToMidi(got), 0.05, "estimated " + got + " Hz");
  }

  @ParameterizedTest
  @CsvSource({"48", "60"})
  void aWrongNoteIsNotWithinFiftyCents(int midi) {
    PitchEstimator est = PitchEstimator.forMidiRange(47, 62);
    double got = est.estimate(tone(PitchEstimator.midiToHz(midi + 1), 1000, 1, 4), 0.1, 3.0);
    assertTrue(Math.abs(PitchEstimator.hzToMidi(got) - midi) > 0.5);
  }

  @org.junit.jupiter.api.Test
  void silenceIsNaNAndBadRangesAreRejected() {
    PitchEstimator est = PitchEstimator.forMidiRange(48, 60);
    assertTrue(Double.isNaN(est.estimate(new AudioClip(new float[4000], 1000), 0, 4)));
    assertThrows(IllegalArgumentException.class, () -> new PitchEstimator(200, 100, 4));
    assertThrows(
        IllegalArgumentException.class,
        () -> est.estimate(new AudioClip(new float[4000], 1000), 1, 1.001));
  }
}
