package org.musicgan.audio.dsp;

import java.util.SplittableRandom;
import org.musicgan.audio.AudioClip;

/**
 * Griffin-Lim phase reconstruction for magnitude-only spectrograms, with the "fast" momentum
 * variant (Perraudin et al. 2013) that {@code librosa.griffinlim} uses by default.
 *
 * @param iterations number of STFT/ISTFT iterations, &ge; 1 (librosa: 32)
 * @param momentum momentum in [0, 1); 0 gives the classic algorithm (librosa: 0.99)
 * @param seed seed for the random initial phases
 */
public record GriffinLim(int iterations, double momentum, long seed) {

  /** librosa's defaults: 32 iterations, momentum 0.99, seed 0. */
  public static final GriffinLim DEFAULT = new GriffinLim(32, 0.99, 0L);

  /** Validates the settings. */
  public GriffinLim {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, found " + iterations);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), found " + momentum);
    }
  }

  /** Returns a copy with another iteration count. */
  public GriffinLim withIterations(int newIterations) {
    return new GriffinLim(newIterations, momentum, seed);
  }

  /**
   * Estimates a signal whose STFT magnitude approximates {@code magnitude}.
   *
   * @param stft the STFT geometry the magnitudes came from
   * @param bins must equal {@code stft.config().bins()}
   * @param frames number of frames
   * @param magnitude {@code bins * frames} magnitudes, row-major
   * @param length length of the signal to return
   * @return the reconstructed signal
   */
  public float[] reconstruct(Stft stft, int bins, int frames, float[] magnitude, int length) {
    if (magnitude.length != bins * frames) {
      throw new IllegalArgumentException(
          "magnitude must hold bins*frames = " + bins * frames + ", found " + magnitude.length);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int size = magnitude.length;
    float[] angRe = new float[size];
    float[] angIm = new float[size];
    for (int i = 0; i < size; i++) {
      double a = 2 * Math.PI * rng.nextDouble();
      angRe[i] = (float) Math.cos(a);
      angIm[i] = (float) Math.sin(a);
    }
    float[] prevRe = new float[size];
    float[] prevIm = new float[size];
    float beta = (float) (momentum / (1 + momentum));
    for (int it = 0; it < iterations; it++) {
      float[] signal = stft.inverse(combine(bins, frames, magnitude, angRe, angIm), length);
      ComplexSpectrogram rebuilt = stft.forward(signal);
      if (rebuilt.frames() != frames) {
        throw new IllegalArgumentException(
            "length "
                + length
                + " gives "
                + rebuilt.frames()
                + " frames, spectrogram has "
                + frames);
      }
      float[] re = rebuilt.re();
      float[] im = rebuilt.im();
      for (int i = 0; i < size; i++) {
        float r = re[i] - beta * prevRe[i];
        float m = im[i] - beta * prevIm[i];
        float norm = (float) Math.sqrt((double) r * r + (double) m * m) + 1e-16f;
        angRe[i] = r / norm;
        angIm[i] = m / norm;
      }
      prevRe = re;
      prevIm = im;
    }
    return stft.inverse(combine(bins, frames, magnitude, angRe, angIm), length);
  }

  /**
   * The clip with its phase re-estimated: the STFT magnitude of {@code clip} under {@code stft},
   * reconstructed by {@link #reconstruct} from random phases (the clip's own phase is discarded).
   * For decoding a generator's output by its magnitudes alone.
   */
  public AudioClip rephase(AudioClip clip, Stft stft) {
    float[] x = clip.samples();
    ComplexSpectrogram s = stft.forward(x);
    float[] y = reconstruct(stft, s.bins(), s.frames(), s.magnitude(), x.length);
    return new AudioClip(y, clip.sampleRate());
  }

  private static ComplexSpectrogram combine(
      int bins, int frames, float[] mag, float[] angRe, float[] angIm) {
    float[] re = new float[mag.length];
    float[] im = new float[mag.length];
    for (int i = 0; i < mag.length; i++) {
      re[i] = mag[i] * angRe[i];
      im[i] = mag[i] * angIm[i];
    }
    return ComplexSpectrogram.ofBinMajor(bins, frames, re, im);
  }
}
