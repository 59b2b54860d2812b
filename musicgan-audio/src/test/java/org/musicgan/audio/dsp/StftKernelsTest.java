package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every forward kernel against a double-precision DFT of the same padded, windowed frames. */
class StftKernelsTest {

  @Test
  void defaultKernelsFollowTheGeometry() {
    assertEquals(Stft.Kernel.VECTOR_FFT, Stft.kernelFor(StftConfig.halfOverlap(512), true));
    assertEquals(Stft.Kernel.DFT_PRODUCT, Stft.kernelFor(StftConfig.halfOverlap(126), true));
    assertEquals(Stft.Kernel.JTRANSFORMS, Stft.kernelFor(new StftConfig(512, 128), true));
    assertEquals(Stft.Kernel.JTRANSFORMS, Stft.kernelFor(StftConfig.halfOverlap(2000), true));
    assertEquals(Stft.Kernel.JTRANSFORMS, Stft.kernelFor(StftConfig.halfOverlap(512), false));
    assertTrue(SmallMatMul.VECTOR, "run the tests with --add-modules jdk.incubator.vector");
  }

  /**
   * Power-of-two sizes with an even and an odd number of radix-4 stages, the GAN presets' other
   * sizes, lengths whose frame count is and is not a multiple of the vector width, and signals
   * barely longer than the padding (every frame reflects).
   */
  @ParameterizedTest
  @CsvSource({
    "16, 8, 100",
    "32, 16, 17",
    "64, 32, 1000",
    "128, 64, 4032",
    "512, 256, 64000",
    "512, 256, 257",
    "1024, 512, 7777",
    "126, 63, 4032",
    "126, 63, 64",
    "190, 95, 6000",
    "510, 255, 5000",
    "766, 383, 3000",
    "126, 40, 1000",
    "512, 100, 3000"
  })
  void everyKernelMatchesADoubleDft(int nFft, int hop, int length) {
    StftConfig config = new StftConfig(nFft, hop);
    float[] x = new float[length];
    SplittableRandom rng = new SplittableRandom(nFft * 31L + length);
    for (int i = 0; i < length; i++) {
      x[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    double[][][] want = dft(config, x);
    double scale = 0;
    for (double[][] bin : want) {
      for (double[] v : bin) {
        scale = Math.max(scale, Math.hypot(v[0], v[1]));
      }
    }
    for (Stft.Kernel kernel : Stft.Kernel.values()) {
      if (!kernel.supports(config)) {
        continue;
      }
      ComplexSpectrogram s = new Stft(config, kernel).forward(x);
      assertEquals(config.frames(length), s.frames(), kernel.name());
      for (int k = 0; k < s.bins(); k++) {
        for (int t = 0; t < s.frames(); t++) {
          String at = kernel + " bin " + k + " frame " + t;
          assertEquals(want[k][t][0], s.re(k, t), 2e-6 * scale, at);
          assertEquals(want[k][t][1], s.im(k, t), 2e-6 * scale, at);
        }
      }
      for (int t = 0; t < s.frames(); t++) {
        assertEquals(0f, s.im(0, t), kernel.name());
        assertEquals(0f, s.im(s.bins() - 1, t), kernel.name());
      }
    }
  }

  @Test
  void oneInstanceServesSignalsOfDifferentLengths() {
    for (int nFft : new int[] {126, 512}) {
      Stft stft = new Stft(StftConfig.halfOverlap(nFft));
      Stft plain = new Stft(StftConfig.halfOverlap(nFft), Stft.Kernel.JTRANSFORMS);
      for (int length : new int[] {5000, 700, 9000, 700}) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
          x[i] = (float) Math.sin(0.01 * i * i / length);
        }
        ComplexSpectrogram a = stft.forward(x);
        ComplexSpectrogram b = plain.forward(x);
        float[] ar = a.re();
        float[] br = b.re();
        for (int i = 0; i < ar.length; i++) {
          assertEquals(br[i], ar[i], 1e-4, "nFft " + nFft + " length " + length);
        }
      }
    }
  }

  /** {@code [bin][frame][re, im]} of the reflect-padded, Hann-windowed frames, in doubles. */
  private static double[][][] dft(StftConfig config, float[] x) {
    int n = config.nFft();
    int frames = config.frames(x.length);
    double[][][] out = new double[n / 2 + 1][frames][2];
    for (int t = 0; t < frames; t++) {
      for (int i = 0; i < n; i++) {
        int j = t * config.hop() - n / 2 + i;
        j = j < 0 ? -j : j >= x.length ? 2 * (x.length - 1) - j : j;
        double v = x[j] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        for (int k = 0; k <= n / 2; k++) {
          double a = 2 * Math.PI * ((long) k * i % n) / n;
          out[k][t][0] += v * Math.cos(a);
          out[k][t][1] -= v * Math.sin(a);
        }
      }
    }
    return out;
  }
}
