package org.musicgan.audio.dsp;

/**
 * The forward STFT for a short {@code nFft} that is not a power of two (the GAN presets' 126, 190,
 * 510, 766), where JTransforms' mixed-radix and Bluestein plans are slow: all frames at once as two
 * products with precomputed DFT matrices through {@link SmallMatMul}.
 *
 * <p>With {@code h = nFft/2}, a symmetric window ({@code w[r] = w[nFft - r]}, true of the periodic
 * Hann) and frame samples {@code x}: {@code Re X[k] = sum_{r=0..h} e[r] w[r] cos(2 pi k r / nFft)}
 * with {@code e[r] = x[r] + x[nFft - r]} for {@code 0 < r < h} ({@code e[0] = x[0]}, {@code e[h] =
 * x[h]}), and {@code Im X[k] = -sum_{r=1..h-1} o[r] w[r] sin(2 pi k r / nFft)} with {@code o[r] =
 * x[r] - x[nFft - r]}: folding the frame halves the work of a plain DFT product, and the window
 * lives in the matrices.
 *
 * <p>Not thread-safe: {@link Stft} keeps one per thread.
 */
final class DftProduct {
  private final int n;
  private final int h;
  private final SmallMatMul.Packed cos; // [h + 1][h + 1]
  private final SmallMatMul.Packed sin; // [h - 1][h - 1], r and k from 1
  private final float[] frame;
  private float[][] even = new float[0][];
  private float[][] odd;
  private float[][] real;
  private float[][] imag;

  DftProduct(int nFft, float[] window) {
    this.n = nFft;
    this.h = nFft / 2;
    float[][] c = new float[h + 1][h + 1];
    float[][] s = new float[h - 1][h - 1];
    for (int r = 0; r <= h; r++) {
      for (int k = 0; k <= h; k++) {
        double angle = 2 * Math.PI * ((long) k * r % n) / n;
        c[r][k] = (float) (window[r] * Math.cos(angle));
        if (r > 0 && r < h && k > 0 && k < h) {
          s[r - 1][k - 1] = (float) (-window[r] * Math.sin(angle));
        }
      }
    }
    cos = SmallMatMul.pack(c);
    sin = SmallMatMul.pack(s);
    frame = new float[nFft];
  }

  /**
   * Writes the STFT of {@code signal} (reflect-padded by nFft/2 at both ends) into bin-major {@code
   * outRe}/{@code outIm} ({@code (h + 1) * frames} each; the DC and Nyquist imaginary parts are
   * left as they are).
   */
  void forward(float[] signal, int frames, int hop, float[] outRe, float[] outIm) {
    grow(frames);
    for (int t = 0; t < frames; t++) {
      Stft.readFrame(signal, t * hop - h, frame);
      float[] e = even[t];
      float[] o = odd[t];
      e[0] = frame[0];
      for (int r = 1; r < h; r++) {
        float a = frame[r];
        float b = frame[n - r];
        e[r] = a + b;
        o[r - 1] = a - b;
      }
      e[h] = frame[h];
    }
    SmallMatMul.multiplyAdd(even, real, frames, cos);
    SmallMatMul.multiplyAdd(odd, imag, frames, sin);
    for (int t = 0; t < frames; t++) {
      float[] a = real[t];
      float[] b = imag[t];
      for (int k = 0, i = t; k <= h; k++, i += frames) {
        outRe[i] = a[k];
        a[k] = 0f; // the products accumulate: leave the scratch zeroed for the next call
      }
      for (int k = 1, i = frames + t; k < h; k++, i += frames) {
        outIm[i] = b[k - 1];
        b[k - 1] = 0f;
      }
    }
  }

  private void grow(int frames) {
    if (even.length >= frames) {
      return;
    }
    even = new float[frames][h + 1];
    odd = new float[frames][h - 1];
    real = new float[frames][h + 1];
    imag = new float[frames][h - 1];
  }
}
