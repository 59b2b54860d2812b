package org.musicgan.audio.dsp;

import org.jtransforms.fft.DoubleFFT_1D;
import org.musicgan.audio.AudioClip;

/**
 * How clearly a note's partials stand out of what lies between them in a frequency band: the mean
 * over short-time frames and partials {@code k·f0} in the band of {@code ln |X(k·f0)| − ln
 * |X((k+½)·f0)|}. A steady harmonic note scores several units (a factor e per unit), noise 0.
 *
 * <p>Frames are Hann windows of the smallest power of two with bins no wider than {@code f0/8}, hop
 * a quarter of that; magnitudes are read between bins by linear interpolation and floored at {@code
 * 1e-5} times the frame's largest (so silence between partials counts as −11.5, not −∞). Frames
 * whose largest magnitude is below {@code 1e-6} (silence) are skipped.
 *
 * <p>MusicGAN reports it above Stage I's 504 Hz for Stage II models: a real note there scores 0.5–4
 * here, and a generated one whose upper band is broadband noise scores near 0.
 */
public final class HarmonicContrast {
  private static final double FLOOR = 1e-5;

  private HarmonicContrast() {}

  /**
   * The contrast of a note of fundamental {@code f0} Hz in the band {@code [loHz, hiHz]} between
   * {@code fromSeconds} and {@code toSeconds}, or NaN when no partial with its midpoint lies in the
   * band below the Nyquist frequency, or every frame is silent.
   *
   * @throws IllegalArgumentException for a non-positive f0, an empty band or span, or a span that
   *     holds no frame
   */
  public static double of(
      AudioClip clip, double f0, double loHz, double hiHz, double fromSeconds, double toSeconds) {
    if (!(f0 > 0) || !(hiHz > loHz) || !(toSeconds > fromSeconds)) {
      throw new IllegalArgumentException(
          "need f0 > 0, hiHz > loHz and toSeconds > fromSeconds, found f0="
              + f0
              + ", band "
              + loHz
              + ".."
              + hiHz
              + ", span "
              + fromSeconds
              + ".."
              + toSeconds);
    }
    int sr = clip.sampleRate();
    double top = Math.min(hiHz, sr / 2.0);
    int firstK = (int) Math.ceil(loHz / f0);
    int lastK = (int) Math.floor((top / f0) - 0.5);
    if (lastK < firstK) {
      return Double.NaN;
    }
    int n = Math.max(16, Integer.highestOneBit((int) Math.ceil(8 * sr / f0) - 1) << 1);
    int hop = n / 4;
    int from = (int) Math.max(0, Math.round(fromSeconds * sr));
    int to = (int) Math.min(clip.length(), Math.round(toSeconds * sr));
    if (to - from < n) {
      throw new IllegalArgumentException(
          "the span holds " + (to - from) + " samples, less than one frame of " + n);
    }
    double[] window = new double[n];
    for (int i = 0; i < n; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    }
    DoubleFFT_1D fft = new DoubleFFT_1D(n);
    double[] buf = new double[n];
    double[] mag = new double[n / 2 + 1];
    double binHz = sr / (double) n;
    float[] x = clip.samples();
    double sum = 0;
    long count = 0;
    for (int start = from; start + n <= to; start += hop) {
      for (int i = 0; i < n; i++) {
        buf[i] = x[start + i] * window[i];
      }
      fft.realForward(buf);
      mag[0] = Math.abs(buf[0]);
      mag[n / 2] = Math.abs(buf[1]);
      double max = Math.max(mag[0], mag[n / 2]);
      for (int k = 1; k < n / 2; k++) {
        mag[k] = Math.hypot(buf[2 * k], buf[2 * k + 1]);
        max = Math.max(max, mag[k]);
      }
      if (max < 1e-6) {
        continue;
      }
      double floor = FLOOR * max;
      for (int k = firstK; k <= lastK; k++) {
        sum +=
            Math.log(Math.max(floor, at(mag, k * f0 / binHz)))
                - Math.log(Math.max(floor, at(mag, (k + 0.5) * f0 / binHz)));
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private static double at(double[] mag, double pos) {
    int k = (int) pos;
    double frac = pos - k;
    return k + 1 < mag.length ? mag[k] * (1 - frac) + mag[k + 1] * frac : mag[mag.length - 1];
  }
}
