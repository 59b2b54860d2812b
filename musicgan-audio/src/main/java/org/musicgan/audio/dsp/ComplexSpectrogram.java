package org.musicgan.audio.dsp;

/**
 * A one-sided complex spectrogram of {@code bins = nFft/2 + 1} bins by {@code frames} frames.
 *
 * <p>Storage is frame-major in the FFT's packed real layout, so the STFT writes each frame in place
 * and never transposes: frame {@code t} occupies {@code nFft} floats holding {@code Re(0),
 * Re(nFft/2), Re(1), Im(1), Re(2), Im(2), ...}. The imaginary parts of the DC and Nyquist bins are
 * therefore always 0 (as they are for any real signal); {@link #set} ignores them. Use the
 * accessors, or {@link #re()}/{@link #im()} for bin-major copies.
 *
 * <p>Not thread-safe for writes; a spectrogram returned by {@link Stft#forward} is owned by the
 * caller.
 */
public final class ComplexSpectrogram {
  private final int bins;
  private final int frames;
  private final int stride;
  private final float[] packed;

  private ComplexSpectrogram(int bins, int frames, float[] packed) {
    this.bins = bins;
    this.frames = frames;
    this.stride = 2 * (bins - 1);
    this.packed = packed;
  }

  /** A zero spectrogram of {@code bins x frames}; {@code bins} must be at least 3. */
  public static ComplexSpectrogram zeros(int bins, int frames) {
    if (bins < 3 || frames <= 0) {
      throw new IllegalArgumentException(
          "need bins >= 3 and frames > 0, found " + bins + "x" + frames);
    }
    return new ComplexSpectrogram(bins, frames, new float[frames * 2 * (bins - 1)]);
  }

  /** Wraps packed frames written by {@link Stft} ({@code frames * nFft} floats). */
  static ComplexSpectrogram wrapPacked(int bins, int frames, float[] packed) {
    return new ComplexSpectrogram(bins, frames, packed);
  }

  /**
   * Builds a spectrogram from bin-major real and imaginary parts (element {@code (k, t)} at {@code
   * k * frames + t}).
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
    for (int k = 0; k < bins; k++) {
      for (int t = 0; t < frames; t++) {
        s.set(k, t, re[k * frames + t], im[k * frames + t]);
      }
    }
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
    int base = t * stride;
    if (k == 0) {
      return packed[base];
    }
    return k == bins - 1 ? packed[base + 1] : packed[base + 2 * k];
  }

  /** Imaginary part of bin {@code k} in frame {@code t} (0 for the DC and Nyquist bins). */
  public float im(int k, int t) {
    return k == 0 || k == bins - 1 ? 0f : packed[t * stride + 2 * k + 1];
  }

  /**
   * Sets bin {@code k} of frame {@code t}. For the DC and Nyquist bins the imaginary part is
   * dropped (a real signal has none there; {@code torch.istft} ignores it too).
   */
  public void set(int k, int t, float re, float im) {
    int base = t * stride;
    if (k == 0) {
      packed[base] = re;
    } else if (k == bins - 1) {
      packed[base + 1] = re;
    } else {
      packed[base + 2 * k] = re;
      packed[base + 2 * k + 1] = im;
    }
  }

  /** Bin-major copy of the real parts ({@code k * frames + t}). */
  public float[] re() {
    float[] out = new float[bins * frames];
    for (int k = 0; k < bins; k++) {
      for (int t = 0; t < frames; t++) {
        out[k * frames + t] = re(k, t);
      }
    }
    return out;
  }

  /** Bin-major copy of the imaginary parts ({@code k * frames + t}). */
  public float[] im() {
    float[] out = new float[bins * frames];
    for (int k = 0; k < bins; k++) {
      for (int t = 0; t < frames; t++) {
        out[k * frames + t] = im(k, t);
      }
    }
    return out;
  }

  /** Bin-major magnitudes {@code |X|}. */
  public float[] magnitude() {
    float[] m = new float[bins * frames];
    for (int k = 0; k < bins; k++) {
      for (int t = 0; t < frames; t++) {
        m[k * frames + t] = (float) Math.hypot(re(k, t), im(k, t));
      }
    }
    return m;
  }

  /** Bin-major phases {@code atan2(im, re)} in (-pi, pi]. */
  public float[] phase() {
    float[] p = new float[bins * frames];
    for (int k = 0; k < bins; k++) {
      for (int t = 0; t < frames; t++) {
        p[k * frames + t] = (float) Math.atan2(im(k, t), re(k, t));
      }
    }
    return p;
  }

  /** Copies frame {@code t} in packed layout into {@code dst} (length {@code nFft}). */
  void copyPackedFrame(int t, float[] dst) {
    System.arraycopy(packed, t * stride, dst, 0, stride);
  }
}
