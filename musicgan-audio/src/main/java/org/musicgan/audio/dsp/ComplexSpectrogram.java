package org.musicgan.audio.dsp;

/**
 * A one-sided complex spectrogram of {@code bins = nFft/2 + 1} bins by {@code frames} frames.
 *
 * <p>Storage is bin-major, as {@code torch.stft} returns it: element {@code (k, t)} of the real and
 * of the imaginary parts at {@code k * frames + t}. The imaginary parts of the DC and Nyquist bins
 * are always 0 (as they are for any real signal); {@link #set} ignores them.
 *
 * <p>Not thread-safe for writes; a spectrogram returned by {@link Stft#forward} is owned by the
 * caller.
 */
public final class ComplexSpectrogram {
  private final int bins;
  private final int frames;
  private final float[] re;
  private final float[] im;

  private ComplexSpectrogram(int bins, int frames, float[] re, float[] im) {
    this.bins = bins;
    this.frames = frames;
    this.re = re;
    this.im = im;
  }

  /** A zero spectrogram of {@code bins x frames}; {@code bins} must be at least 3. */
  public static ComplexSpectrogram zeros(int bins, int frames) {
    if (bins < 3 || frames <= 0) {
      throw new IllegalArgumentException(
          "need bins >= 3 and frames > 0, found " + bins + "x" + frames);
    }
    return new ComplexSpectrogram(bins, frames, new float[bins * frames], new float[bins * frames]);
  }

  /** Wraps bin-major arrays written by {@link Stft} (DC and Nyquist imaginary parts 0); no copy. */
  static ComplexSpectrogram wrap(int bins, int frames, float[] re, float[] im) {
    return new ComplexSpectrogram(bins, frames, re, im);
  }

  /**
   * Builds a spectrogram from bin-major real and imaginary parts (element {@code (k, t)} at {@code
   * k * frames + t}); the arrays are copied.
   */
  public static ComplexSpectrogram ofBinMajor(int bins, int frames, float[] re, float[] im) {
    if (re.length != bins * frames || im.length != bins * frames) {
      throw new IllegalArgumentException(
          "re and im must hold bins*frames = "
              + bins * frames
              + " values, found "
              + re.length
              + " and "
              + im.length);
    }
    ComplexSpectrogram s = zeros(bins, frames);
    System.arraycopy(re, 0, s.re, 0, re.length);
    int inner = (bins - 2) * frames; // DC and Nyquist imaginary parts stay 0
    System.arraycopy(im, frames, s.im, frames, inner);
    return s;
  }

  /** Builds a spectrogram from bin-major magnitudes and phases (radians). */
  public static ComplexSpectrogram fromPolar(int bins, int frames, float[] mag, float[] phase) {
    ComplexSpectrogram s = zeros(bins, frames);
    for (int k = 0; k < bins; k++) {
      for (int t = 0; t < frames; t++) {
        int i = k * frames + t;
        s.set(k, t, (float) (mag[i] * Math.cos(phase[i])), (float) (mag[i] * Math.sin(phase[i])));
      }
    }
    return s;
  }

  /** Number of frequency bins. */
  public int bins() {
    return bins;
  }

  /** Number of frames. */
  public int frames() {
    return frames;
  }

  /** Real part of bin {@code k} in frame {@code t}. */
  public float re(int k, int t) {
    return re[k * frames + t];
  }

  /** Imaginary part of bin {@code k} in frame {@code t} (0 for the DC and Nyquist bins). */
  public float im(int k, int t) {
    return im[k * frames + t];
  }

  /**
   * Sets bin {@code k} of frame {@code t}. For the DC and Nyquist bins the imaginary part is
   * dropped (a real signal has none there; {@code torch.istft} ignores it too).
   */
  public void set(int k, int t, float re, float im) {
    int i = k * frames + t;
    this.re[i] = re;
    if (k != 0 && k != bins - 1) {
      this.im[i] = im;
    }
  }

  /** Bin-major copy of the real parts ({@code k * frames + t}). */
  public float[] re() {
    return re.clone();
  }

  /** Bin-major copy of the imaginary parts ({@code k * frames + t}). */
  public float[] im() {
    return im.clone();
  }

  /** Bin-major magnitudes {@code |X|}. */
  public float[] magnitude() {
    float[] m = new float[re.length];
    for (int i = 0; i < m.length; i++) {
      double r = re[i];
      double j = im[i];
      m[i] =
          (float)
              Math.sqrt(
                  r * r + j * j); // float parts cannot overflow a double; hypot is ~40x slower
    }
    return m;
  }

  /** Bin-major phases {@code atan2(im, re)} in (-pi, pi]. */
  public float[] phase() {
    float[] p = new float[re.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) Math.atan2(im[i], re[i]);
    }
    return p;
  }

  /**
   * Copies frame {@code t} into {@code dst} (length {@code nFft}) in JTransforms' packed real
   * layout: {@code Re(0), Re(nFft/2), Re(1), Im(1), Re(2), Im(2), ...}.
   */
  void copyPackedFrame(int t, float[] dst) {
    int last = bins - 1;
    dst[0] = re[t];
    dst[1] = re[last * frames + t];
    for (int k = 1, i = frames + t; k < last; k++, i += frames) {
      dst[2 * k] = re[i];
      dst[2 * k + 1] = im[i];
    }
  }
}
