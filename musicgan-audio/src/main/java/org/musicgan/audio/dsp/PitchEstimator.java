package org.musicgan.audio.dsp;

import org.jtransforms.fft.DoubleFFT_1D;
import org.musicgan.audio.AudioClip;

/**
 * Estimates the fundamental frequency of a sustained, single, harmonic note by harmonic summation
 * over a finely resolved spectrum: the analysed span is Hann-windowed and zero-padded to at least
 * {@code 2^16} points, and every candidate f0 on a 1-cent grid between {@code minHz} and {@code
 * maxHz} scores the sum of the (linearly interpolated) magnitudes at its harmonics below Nyquist,
 * weighted {@code 1/sqrt(h)}. Keep the search range within an octave-and-a-bit of the expected
 * notes: harmonic summation prefers a sub-multiple of the true f0 when one is in range.
 *
 * <p>It is the judge of the GAN's pitch accuracy, so it is tested on rendered notes and on
 * synthetic tones with known f0 ({@code PitchEstimatorTest}).
 *
 * @param minHz lowest candidate f0
 * @param maxHz highest candidate f0
 * @param harmonics harmonics summed per candidate (those above Nyquist are skipped)
 */
public record PitchEstimator(double minHz, double maxHz, int harmonics) {
  private static final int MIN_FFT = 1 << 16;

  /** Validates the range. */
  public PitchEstimator {
    if (!(minHz > 0 && maxHz > minHz) || harmonics < 1) {
      throw new IllegalArgumentException(
          "need 0 < minHz < maxHz and harmonics >= 1, found " + minHz + ", " + maxHz);
    }
  }

  /** An estimator for MIDI pitches {@code lo..hi}, searching a semitone beyond each end. */
  public static PitchEstimator forMidiRange(int lo, int hi) {
    return new PitchEstimator(midiToHz(lo - 1), midiToHz(hi + 1), 6);
  }

  /** MIDI pitch to Hz (A4 = 69 = 440 Hz). */
  public static double midiToHz(double midi) {
    return 440 * Math.pow(2, (midi - 69) / 12.0);
  }

  /** Hz to a fractional MIDI pitch. */
  public static double hzToMidi(double hz) {
    return 69 + 12 * Math.log(hz / 440) / Math.log(2);
  }

  /**
   * The f0 in Hz of the samples between {@code fromSeconds} and {@code toSeconds} (clamped to the
   * clip), or NaN for silence.
   */
  public double estimate(AudioClip clip, double fromSeconds, double toSeconds) {
    int sr = clip.sampleRate();
    int from = (int) Math.max(0, Math.round(fromSeconds * sr));
    int to = (int) Math.min(clip.length(), Math.round(toSeconds * sr));
    int n = to - from;
    if (n < 16) {
      throw new IllegalArgumentException("span too short: " + n + " samples");
    }
    int size = Math.max(MIN_FFT, Integer.highestOneBit(n - 1) << 2);
    double[] buf = new double[size];
    float[] x = clip.samples();
    double energy = 0;
    for (int i = 0; i < n; i++) {
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
      buf[i] = x[from + i] * w;
      energy += buf[i] * buf[i];
    }
    if (energy < 1e-12) {
      return Double.NaN;
    }
    new DoubleFFT_1D(size).realForward(buf);
    int half = size / 2;
    double[] mag = new double[half + 1];
    mag[0] = Math.abs(buf[0]);
    mag[half] = Math.abs(buf[1]);
    for (int k = 1; k < half; k++) {
      double r = buf[2 * k];
      double j = buf[2 * k + 1];
      mag[k] = Math.sqrt(r * r + j * j);
    }
    double binHz = sr / (double) size;
    double nyquist = sr / 2.0;
    double best = Double.NaN;
    double bestScore = -1;
    for (double cents = 0; ; cents += 1) {
      double f0 = minHz * Math.pow(2, cents / 1200);
      if (f0 > maxHz) {
        break;
      }
      double score = 0;
      for (int h = 1; h <= harmonics && h * f0 < nyquist; h++) {
        double pos = h * f0 / binHz;
        int k = (int) pos;
        double frac = pos - k;
        double m = k + 1 <= half ? mag[k] * (1 - frac) + mag[k + 1] * frac : mag[k];
        score += m / Math.sqrt(h);
      }
      if (score > bestScore) {
        bestScore = score;
        best = f0;
      }
    }
    return best;
  }
}
