package org.musicgan.audio.dsp;

/**
 * A complex spectrogram, {@code bins x frames}, stored as two row-major arrays: element {@code (k,
 * t)} is {@code re[k * frames + t] + i im[k * frames + t]}.
 *
 * @param bins number of frequency bins (rows)
 * @param frames number of frames (columns)
 * @param re real parts, {@code bins * frames}
 * @param im imaginary parts, {@code bins * frames}
 */
public record ComplexSpectrogram(int bins, int frames, float[] re, float[] im) {

  /** Validates the sizes. */
  public ComplexSpectrogram {
    if (bins <= 0 || frames <= 0) {
      throw new IllegalArgumentException(
          "bins and frames must be > 0, found " + bins + "x" + frames);
    }
    if (re.length != bins * frames || im.length != bins * frames) {
      throw new IllegalArgumentException(
          "re and im must hold bins*frames = "
              + bins * frames
              + " values, found "
              + re.length
              + " and "
              + im.length);
    }
  }

  /** A zero spectrogram of the given size. */
  public static ComplexSpectrogram zeros(int bins, int frames) {
    return new ComplexSpectrogram(bins, frames, new float[bins * frames], new float[bins * frames]);
  }

  /** Builds a spectrogram from magnitudes and phases (radians), both {@code bins * frames}. */
  public static ComplexSpectrogram fromPolar(int bins, int frames, float[] mag, float[] phase) {
    float[] re = new float[mag.length];
    float[] im = new float[mag.length];
    for (int i = 0; i < mag.length; i++) {
      re[i] = (float) (mag[i] * Math.cos(phase[i]));
      im[i] = (float) (mag[i] * Math.sin(phase[i]));
    }
    return new ComplexSpectrogram(bins, frames, re, im);
  }

  /** Index of element {@code (bin, frame)} in {@link #re()} and {@link #im()}. */
  public int index(int bin, int frame) {
    return bin * frames + frame;
  }

  /** Magnitudes {@code |X|}, row-major. */
  public float[] magnitude() {
    float[] m = new float[re.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) Math.hypot(re[i], im[i]);
    }
    return m;
  }

  /** Phases {@code atan2(im, re)} in (-pi, pi], row-major. */
  public float[] phase() {
    float[] p = new float[re.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) Math.atan2(im[i], re[i]);
    }
    return p;
  }
}
