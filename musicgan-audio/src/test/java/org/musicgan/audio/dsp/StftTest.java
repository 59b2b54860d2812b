package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicgan.audio.testing.AudioAsserts;
import org.musicgan.audio.testing.TestSignals;

/**
 * Compares with {@code torch.stft} (values made by {@code make_torch_stft_reference.py} in the test
 * resources, PyTorch 1.13 from Debian).
 */
class StftTest {

  static float[] floats(String resource) throws IOException {
    try (InputStream in = StftTest.class.getResourceAsStream(resource)) {
      byte[] b = in.readAllBytes();
      float[] f = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
      return f;
    }
  }

  @ParameterizedTest
  @CsvSource({"speech16k, 512, 256", "stage1, 126, 63", "complex1, 190, 95"})
  void matchesTorchStft(String name, int nFft, int hop) throws IOException {
    float[] x = floats(name + ".input.f32");
    float[] ref = floats(name + ".stft.f32"); // [bins][frames][re, im]
    ComplexSpectrogram s = new Stft(new StftConfig(nFft, hop)).forward(x);
    assertEquals(nFft / 2 + 1, s.bins());
    assertEquals(ref.length / 2 / s.bins(), s.frames());
    float[] mine = new float[ref.length];
    for (int k = 0; k < s.bins(); k++) {
      for (int t = 0; t < s.frames(); t++) {
        int i = k * s.frames() + t;
        mine[2 * i] = s.re(k, t);
        mine[2 * i + 1] = s.im(k, t);
      }
    }
    // max |mine - torch| relative to the largest torch magnitude
    AudioAsserts.assertRelativeClose(ref, mine, 1e-4);
  }

  @ParameterizedTest
  @CsvSource({"512, 256", "126, 63", "190, 95", "510, 255", "766, 383", "128, 32", "64, 48"})
  void inverseRoundTripsBelow1e5(int nFft, int hop) {
    float[] x = TestSignals.mixture(16000, 16000, 7).samples();
    Stft stft = new Stft(new StftConfig(nFft, hop));
    float[] back = stft.inverse(stft.forward(x), x.length);
    double err = AudioAsserts.maxAbsDiff(x, back);
    assertTrue(err < 1e-5, "round-trip error " + err);
  }

  @Test
  void frameCountFollowsCenterPadding() {
    StftConfig c = new StftConfig(126, 63);
    assertEquals(64, c.frames(4000));
    assertEquals(64, new Stft(c).forward(new float[4000]).frames());
    assertEquals(1 + 64000 / 256, new StftConfig(512, 256).frames(64000));
  }

  @Test
  void sineLandsInItsBin() {
    int rate = 1024;
    float[] x = TestSignals.sine(100, rate, 4096, 1);
    ComplexSpectrogram s = new Stft(new StftConfig(256, 128)).forward(x);
    float[] mag = s.magnitude();
    int frame = s.frames() / 2;
    int best = 0;
    for (int k = 0; k < s.bins(); k++) {
      if (mag[k * s.frames() + frame] > mag[best * s.frames() + frame]) {
        best = k;
      }
    }
    assertEquals(25, best); // 100 Hz / (1024 / 256) Hz per bin
    // Hann window: a unit sine at a bin centre gives nFft/4
    assertEquals(64, mag[25 * s.frames() + frame], 0.01);
  }

  @Test
  void configValidationNamesTheField() {
    assertEquals(
        "nFft must be even and >= 4, found 127",
        assertThrows(IllegalArgumentException.class, () -> new StftConfig(127, 63)).getMessage());
    assertEquals(
        "hop must be in [1, nFft=128], found 0",
        assertThrows(IllegalArgumentException.class, () -> new StftConfig(128, 0)).getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Stft(new StftConfig(128, 64)).forward(new float[64]));
  }

  @Test
  void windowIsPeriodicHann() {
    float[] w = Windows.periodicHann(4);
    AudioAsserts.assertClose(new float[] {0f, 0.5f, 1f, 0.5f}, w, 1e-7);
  }
}
