package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicgan.audio.testing.TestSignals;

class ResamplerTest {
  private static final Resampler R = Resampler.KAISER_BEST;

  private static double db(double ratio) {
    return 20 * Math.log10(ratio);
  }

  /** The GAN presets' rates from 44.1 kHz: in-band tone kept within 0.1 dB. */
  @ParameterizedTest
  @CsvSource({
    "44100, 1000, 200",
    "44100, 1008, 300",
    "44100, 3072, 1000",
    "44100, 16000, 5000",
    "44100, 16320, 440",
    "44100, 49152, 10000",
    "16000, 44100, 3000"
  })
  void inBandToneKeepsItsAmplitude(int from, int to, double hz) {
    float[] x = TestSignals.sine(hz, from, from, 0.5);
    float[] y = R.resample(x, from, to);
    assertEquals(to, y.length);
    double change = db(TestSignals.amplitude(y) / 0.5);
    assertTrue(Math.abs(change) < 0.1, "in-band change " + change + " dB");
    assertEquals(hz, TestSignals.zeroCrossingFrequency(y, to), hz * 0.002);
  }

  /** A tone above the new Nyquist must be attenuated by at least 60 dB, not aliased. */
  @ParameterizedTest
  @CsvSource({
    "44100, 1000, 700",
    "44100, 1000, 560",
    "44100, 3072, 2000",
    "44100, 16000, 9000",
    "44100, 1008, 5000"
  })
  void toneAboveNewNyquistIsRemoved(int from, int to, double hz) {
    float[] x = TestSignals.sine(hz, from, from, 0.5);
    float[] y = R.resample(x, from, to);
    double att = db(TestSignals.amplitude(y) / 0.5);
    assertTrue(att < -60, "attenuation only " + att + " dB");
  }

  @Test
  void sameRateIsACopyAndLengthsFollowTheRatio() {
    float[] x = {1, 2, 3};
    assertEquals(3, R.resample(x, 8000, 8000).length);
    assertEquals(1000, R.resample(new float[44100], 44100, 1000).length);
    assertEquals(147, R.resample(new float[100], 1000, 1470).length);
  }

  /** The tabulated phases give resampy's loop bit for bit, and are used where they fit. */
  @ParameterizedTest
  @CsvSource({
    "1008, 16320, 4032",
    "44100, 16000, 20000",
    "16000, 44100, 3000",
    "44100, 1000, 9000",
    "22050, 44100, 777",
    "44100, 44099, 5000"
  })
  void polyphaseEqualsTheDirectLoop(int from, int to, int n) {
    java.util.Random r = new java.util.Random(from + to);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] y = R.resample(x, from, to);
    int outLen = (int) ((long) n * to / from);
    org.junit.jupiter.api.Assertions.assertArrayEquals(R.direct(x, from, to, outLen), y);
  }
}
