package org.musicgan.audio.testing;

import java.util.SplittableRandom;
import org.musicgan.audio.AudioClip;

/** Deterministic test signals. Shipped in the test-jar for the other modules' tests. */
public final class TestSignals {
  private TestSignals() {}

  /** A sine of {@code hz} with amplitude {@code amp}, {@code n} samples at {@code rate}. */
  public static float[] sine(double hz, int rate, int n, double amp) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return x;
  }

  /** A sine clip. */
  public static AudioClip sineClip(double hz, int rate, int n, double amp) {
    return new AudioClip(sine(hz, rate, n, amp), rate);
  }

  /** A linear chirp from {@code f0} to {@code f1} Hz. */
  public static float[] chirp(double f0, double f1, int rate, int n, double amp) {
    float[] x = new float[n];
    double duration = n / (double) rate;
    for (int i = 0; i < n; i++) {
      double t = i / (double) rate;
      x[i] = (float) (amp * Math.sin(2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * duration))));
    }
    return x;
  }

  /** Gaussian white noise with standard deviation {@code sigma}. */
  public static float[] noise(int n, double sigma, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double u1 = rng.nextDouble();
      double u2 = rng.nextDouble();
      x[i] = (float) (sigma * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
    }
    return x;
  }

  /** {@code rows x cols} values uniform in [-1, 1), row by row from {@code rng}. */
  public static float[][] uniformRows(SplittableRandom rng, int rows, int cols) {
    float[][] out = new float[rows][cols];
    for (float[] row : out) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) (rng.nextDouble() * 2 - 1);
      }
    }
    return out;
  }

  /** A music-like test clip: two tones, a chirp and a little noise, peak below 1. */
  public static AudioClip mixture(int rate, int n, long seed) {
    float[] a = sine(0.05 * rate, rate, n, 0.3);
    float[] b = sine(0.17 * rate, rate, n, 0.2);
    float[] c = chirp(0.01 * rate, 0.4 * rate, rate, n, 0.2);
    float[] d = noise(n, 0.02, seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[i] + b[i] + c[i] + d[i];
    }
    return new AudioClip(x, rate);
  }

  /** Amplitude of a (steady) sinusoid: RMS of the middle half times sqrt(2). */
  public static double amplitude(float[] x) {
    int from = x.length / 4;
    int to = x.length - x.length / 4;
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(2 * sum / (to - from));
  }

  /**
   * Fundamental frequency in Hz by autocorrelation over lags for 50..2000 Hz, refined by parabolic
   * interpolation. Good enough for clean single tones.
   */
  public static double estimateF0(float[] x, int rate) {
    int minLag = Math.max(2, rate / 2000);
    int maxLag = Math.min(x.length / 2, rate / 50);
    double[] r = new double[maxLag + 2];
    for (int lag = minLag - 1; lag <= maxLag + 1; lag++) {
      double s = 0;
      for (int i = 0; i + lag < x.length; i++) {
        s += (double) x[i] * x[i + lag];
      }
      r[lag] = s;
    }
    // first peak above 80% of the best peak avoids octave errors
    double best = 0;
    for (int lag = minLag; lag <= maxLag; lag++) {
      best = Math.max(best, r[lag]);
    }
    int pick = minLag;
    for (int lag = minLag; lag <= maxLag; lag++) {
      if (r[lag] >= 0.8 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
        pick = lag;
        break;
      }
    }
    double a = r[pick - 1];
    double b = r[pick];
    double c = r[pick + 1];
    double denom = a - 2 * b + c;
    double shift = denom == 0 ? 0 : 0.5 * (a - c) / denom;
    return rate / (pick + shift);
  }

  /**
   * Frequency of a clean sinusoid from its zero crossings (first and last upward crossing, with
   * linear interpolation), over the middle half of the signal.
   */
  public static double zeroCrossingFrequency(float[] x, int rate) {
    int from = x.length / 4;
    int to = x.length - x.length / 4;
    double first = -1;
    double last = -1;
    int count = 0;
    for (int i = from; i + 1 < to; i++) {
      if (x[i] < 0 && x[i + 1] >= 0) {
        double t = i + x[i] / (double) (x[i] - x[i + 1]);
        if (first < 0) {
          first = t;
        } else {
          count++;
        }
        last = t;
      }
    }
    return count == 0 ? 0 : count * rate / (last - first);
  }
}
