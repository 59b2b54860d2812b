package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.musicgan.audio.AudioClip;

class HarmonicExciterTest {
  private static final int RATE = 16000;

  /** 1 s of a sine at {@code hz} (an integer number of cycles: no leakage in a 1 Hz DFT). */
  private static AudioClip sine(double hz) {
    float[] x = new float[RATE];
    for (int i = 0; i < RATE; i++) {
      x[i] = (float) (0.4 * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return new AudioClip(x, RATE);
  }

  /** The magnitude of the clip's DFT at integer frequency {@code hz}. */
  private static double magnitude(float[] x, int hz) {
    double re = 0;
    double im = 0;
    for (int i = 0; i < x.length; i++) {
      double a = 2 * Math.PI * hz * i / RATE;
      re += x[i] * Math.cos(a);
      im -= x[i] * Math.sin(a);
    }
    return Math.hypot(re, im) / x.length;
  }

  @Test
  void addsPartialsAtMultiplesOfTheFundamentalOnly() {
    float[] y = HarmonicExciter.apply(sine(200), 0.5).samples();
    double fundamental = magnitude(y, 200);
    // the first harmonics are all there, even and odd: 2-5 within 40 dB of the fundamental, 6-8
    // within 60 dB (the rectifier's even harmonics fall as 1/k²)
    for (int k = 2; k <= 8; k++) {
      double m = magnitude(y, 200 * k);
      double floor = fundamental * (k <= 5 ? 0.01 : 0.001);
      assertTrue(m > floor, "harmonic " + k + ": " + m + " vs " + fundamental);
    }
    // between them there is nothing (the nonlinearity makes no other frequency)
    for (int hz : new int[] {130, 310, 450, 730, 1290, 2050}) {
      double m = magnitude(y, hz);
      assertTrue(m < fundamental * 1e-4, hz + " Hz: " + m);
    }
    // and no DC is added
    assertTrue(Math.abs(magnitude(y, 0)) < fundamental * 1e-4);
  }

  @Test
  void zeroAmountAndSilenceAreUnchanged() {
    AudioClip s = sine(440);
    assertArrayEquals(s.samples(), HarmonicExciter.apply(s, 0).samples());
    float[] silence = new float[100];
    assertArrayEquals(silence, HarmonicExciter.apply(new AudioClip(silence, RATE), 1).samples());
    assertThrows(IllegalArgumentException.class, () -> HarmonicExciter.apply(s, -1));
    assertThrows(IllegalArgumentException.class, () -> HarmonicExciter.apply(s, Double.NaN));
  }
}
