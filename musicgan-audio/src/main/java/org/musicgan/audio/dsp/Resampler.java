package org.musicgan.audio.dsp;

import org.musicgan.audio.AudioClip;

/**
 * Band-limited sample-rate conversion between any two integer rates by windowed-sinc interpolation
 * (the design of resampy's {@code kaiser_best} filter: a Kaiser-windowed sinc with 64 zero
 * crossings, roll-off 0.9476 and beta 14.77, tabulated and linearly interpolated).
 *
 * <p>When the rate goes down, the filter's cut-off moves to the new Nyquist frequency (times the
 * roll-off), so content above it is removed rather than aliased: a tone above the new Nyquist comes
 * out at least 60 dB down, a tone in the pass band keeps its amplitude within 0.1 dB (both are
 * tested). Instances are immutable and thread-safe.
 */
public final class Resampler {
  /** resampy's {@code kaiser_best} design. */
  public static final Resampler KAISER_BEST =
      new Resampler(64, 2048, 0.9475937, 14.769656459379492);

  private final int zeroCrossings;
  private final int precision;
  private final double rolloff;
  private final float[] table;

  /**
   * Creates a resampler with its own filter.
   *
   * @param zeroCrossings zero crossings of the sinc on each side, &ge; 2
   * @param precision table entries per zero crossing, &ge; 16
   * @param rolloff cut-off as a fraction of the Nyquist frequency, in (0, 1]
   * @param beta Kaiser window shape parameter, &ge; 0
   */
  public Resampler(int zeroCrossings, int precision, double rolloff, double beta) {
    if (zeroCrossings < 2) {
      throw new IllegalArgumentException("zeroCrossings must be >= 2, found " + zeroCrossings);
    }
    if (precision < 16) {
      throw new IllegalArgumentException("precision must be >= 16, found " + precision);
    }
    if (!(rolloff > 0 && rolloff <= 1)) {
      throw new IllegalArgumentException("rolloff must be in (0, 1], found " + rolloff);
    }
    if (!(beta >= 0)) {
      throw new IllegalArgumentException("beta must be >= 0, found " + beta);
    }
    this.zeroCrossings = zeroCrossings;
    this.precision = precision;
    this.rolloff = rolloff;
    int size = zeroCrossings * precision;
    this.table = new float[size + 2];
    double i0Beta = besselI0(beta);
    for (int i = 0; i <= size; i++) {
      double u = i / (double) precision;
      double x = rolloff * u;
      double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      double r = u / zeroCrossings;
      double kaiser = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      table[i] = (float) (rolloff * sinc * kaiser);
    }
  }

  /** Resamples a clip to {@code toRate} Hz. */
  public AudioClip resample(AudioClip clip, int toRate) {
    return new AudioClip(resample(clip.samples(), clip.sampleRate(), toRate), toRate);
  }

  /**
   * Resamples a signal.
   *
   * @param x the input samples
   * @param fromRate input rate in Hz
   * @param toRate output rate in Hz
   * @return {@code floor(x.length * toRate / fromRate)} samples
   */
  public float[] resample(float[] x, int fromRate, int toRate) {
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException(
          "rates must be > 0, found fromRate=" + fromRate + ", toRate=" + toRate);
    }
    if (fromRate == toRate) {
      return x.clone();
    }
    int outLen = (int) ((long) x.length * toRate / fromRate);
    int phases = toRate / gcd(fromRate, toRate);
    if (phases <= MAX_PHASES && (long) phases * 4 <= outLen) {
      return polyphase(x, fromRate, toRate, outLen, phases);
    }
    return direct(x, fromRate, toRate, outLen);
  }

  /** Most filter phases {@link #polyphase} tabulates (one per output sample of a period). */
  private static final int MAX_PHASES = 4096;

  /**
   * The same sums as {@link #direct}, in the same order, with each phase's taps computed once: the
   * fractional position {@code frac} of output {@code n} repeats every {@code phases} outputs.
   */
  private float[] polyphase(float[] x, int fromRate, int toRate, int outLen, int phases) {
    double scale = Math.min(1.0, toRate / (double) fromRate);
    double step = scale * precision;
    double reach = zeroCrossings * (double) precision;
    float[][] left = new float[phases][];
    float[][] right = new float[phases][];
    for (int p = 0; p < phases; p++) {
      double frac = ((long) p * fromRate % toRate) / (double) toRate;
      left[p] = taps(frac * step, step, reach);
      right[p] = taps((1 - frac) * step, step, reach);
    }
    float[] y = new float[outLen];
    for (int n = 0; n < outLen; n++) {
      int i = (int) ((long) n * fromRate / toRate);
      float[] wl = left[n % phases];
      float[] wr = right[n % phases];
      double acc = 0;
      int kl = Math.min(wl.length, i + 1);
      for (int k = 0; k < kl; k++) {
        acc += x[i - k] * wl[k];
      }
      int kr = Math.min(wr.length, x.length - i - 1);
      for (int k = 0; k < kr; k++) {
        acc += x[i + 1 + k] * wr[k];
      }
      y[n] = (float) (acc * scale);
    }
    return y;
  }

  /** The taps at {@code start}, {@code start + step}, ... below {@code reach}. */
  private float[] taps(double start, double step, double reach) {
    int n = 0;
    for (double pos = start; pos < reach; pos += step) {
      n++;
    }
    float[] w = new float[n];
    double pos = start;
    for (int k = 0; k < n; k++, pos += step) {
      w[k] = tap(pos);
    }
    return w;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** resampy's loop: every tap interpolated from the table as it is needed. */
  float[] direct(float[] x, int fromRate, int toRate, int outLen) {
    double scale = Math.min(1.0, toRate / (double) fromRate);
    double step = scale * precision;
    double reach = zeroCrossings * (double) precision;
    float[] y = new float[outLen];
    for (int n = 0; n < outLen; n++) {
      long num = (long) n * fromRate;
      int i = (int) (num / toRate);
      double frac = (num % toRate) / (double) toRate;
      double acc = 0;
      // left wing: x[i], x[i-1], ... at distances frac, frac+1, ...
      double pos = frac * step;
      for (int k = i; k >= 0 && pos < reach; k--, pos += step) {
        acc += x[k] * tap(pos);
      }
      // right wing: x[i+1], x[i+2], ... at distances 1-frac, 2-frac, ...
      pos = (1 - frac) * step;
      for (int k = i + 1; k < x.length && pos < reach; k++, pos += step) {
        acc += x[k] * tap(pos);
      }
      y[n] = (float) (acc * scale);
    }
    return y;
  }

  private float tap(double pos) {
    int j = (int) pos;
    float eta = (float) (pos - j);
    return table[j] + eta * (table[j + 1] - table[j]);
  }

  /** Returns the roll-off (cut-off as a fraction of the lower Nyquist frequency). */
  public double rolloff() {
    return rolloff;
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 500; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }
}
