package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.testing.TestSignals;

class GriffinLimTest {

  /** ||(|S| - |STFT(x)|)|| / ||S||. */
  private static double spectralConvergence(Stft stft, float[] target, float[] signal) {
    float[] got = stft.forward(signal).magnitude();
    double num = 0;
    double den = 0;
    for (int i = 0; i < target.length; i++) {
      num += Math.pow(target[i] - got[i], 2);
      den += Math.pow(target[i], 2);
    }
    return Math.sqrt(num / den);
  }

  @Test
  void moreIterationsFitTheMagnitudeBetter() {
    int rate = 8000;
    float[] x = TestSignals.mixture(rate, 16000, 3).samples();
    Stft stft = new Stft(new StftConfig(512, 128));
    ComplexSpectrogram s = stft.forward(x);
    float[] mag = s.magnitude();
    double one =
        spectralConvergence(
            stft,
            mag,
            GriffinLim.DEFAULT
                .withIterations(1)
                .reconstruct(stft, s.bins(), s.frames(), mag, x.length));
    float[] y =
        GriffinLim.DEFAULT
            .withIterations(60)
            .reconstruct(stft, s.bins(), s.frames(), mag, x.length);
    double sixty = spectralConvergence(stft, mag, y);
    assertTrue(sixty < one, "60 iterations " + sixty + " vs 1 iteration " + one);
    assertTrue(sixty < 0.15, "spectral convergence after 60 iterations: " + sixty);
  }

  @Test
  void deterministicForASeedAndValidated() {
    Stft stft = new Stft(new StftConfig(64, 16));
    float[] x = TestSignals.sine(300, 4000, 1000, 0.5);
    ComplexSpectrogram s = stft.forward(x);
    float[] mag = s.magnitude();
    GriffinLim g = new GriffinLim(5, 0.99, 42);
    assertEquals(
        java.util.Arrays.toString(g.reconstruct(stft, s.bins(), s.frames(), mag, 1000)),
        java.util.Arrays.toString(g.reconstruct(stft, s.bins(), s.frames(), mag, 1000)));
    assertThrows(IllegalArgumentException.class, () -> new GriffinLim(0, 0.5, 1));
    assertThrows(IllegalArgumentException.class, () -> new GriffinLim(3, 1.0, 1));
  }

  @Test
  void rephaseKeepsMagnitudeAndPitchButNotThePhase() {
    int rate = 1000;
    AudioClip tone = TestSignals.sineClip(130.81, rate, 4000, 0.5);
    Stft stft = new Stft(StftConfig.halfOverlap(126));
    AudioClip back = GriffinLim.DEFAULT.withIterations(32).rephase(tone, stft);
    assertEquals(tone.samples().length, back.samples().length);
    assertEquals(rate, back.sampleRate());
    float[] mag = stft.forward(tone.samples()).magnitude();
    assertTrue(spectralConvergence(stft, mag, back.samples()) < 0.1);
    assertEquals(130.81, TestSignals.estimateF0(back.samples(), rate), 130.81 * 0.01);
    double diff = 0;
    for (int i = 0; i < 4000; i++) {
      diff = Math.max(diff, Math.abs(back.samples()[i] - tone.samples()[i]));
    }
    assertTrue(diff > 0.05, "the phase was re-estimated, not copied");
  }
}
