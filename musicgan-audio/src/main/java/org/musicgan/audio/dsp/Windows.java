package org.musicgan.audio.dsp;

/** Window functions, as fresh tables. */
public final class Windows {
  private Windows() {}

  /**
   * The periodic Hann window of length {@code n}: {@code 0.5 - 0.5 cos(2 pi i / n)}, as {@code
   * torch.hann_window(n)} and {@code scipy.signal.get_window('hann', n)} return it. (The symmetric
   * one divides by {@code n - 1}; it is not what STFT libraries use.)
   */
  public static float[] periodicHann(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be > 0, found " + n);
    }
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / n));
    }
    return w;
  }
}
