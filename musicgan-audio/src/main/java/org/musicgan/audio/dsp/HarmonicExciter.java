package org.musicgan.audio.dsp;

import org.musicgan.audio.AudioClip;

/**
 * Adds harmonics to a sound with a memoryless nonlinearity (an "exciter"): every frequency a
 * nonlinearity creates from a harmonic sound is a sum or difference of its partials, so a note with
 * fundamental f0 gains partials at 2·f0, 3·f0, … and nowhere else. MusicGAN's Stage II uses it to
 * extend the Stage I output, which holds only the band below 504 Hz, over the whole Stage II band
 * with partials at the right places ({@code RepresentationBridge}).
 *
 * <p>With {@code u = x / peak}: {@code y = x + amount · peak · (e(u) − mean e)}, {@code e(u) =
 * max(u, 0) + ½ sign(u) √|u|}. The half-wave rectifier brings the even harmonics (falling as 1/k²),
 * the signed square root the odd ones (slowly falling); the mean is removed so no DC is added.
 * Resample first: a nonlinearity at a low sample rate folds its harmonics back below Nyquist.
 */
public final class HarmonicExciter {
  private HarmonicExciter() {}

  /**
   * {@code clip} with harmonics added, {@code amount} times the nonlinearity's output at the clip's
   * peak level (0 returns the clip unchanged; silence stays silent).
   *
   * @throws IllegalArgumentException if {@code amount} is negative or not finite
   */
  public static AudioClip apply(AudioClip clip, double amount) {
    if (!(amount >= 0) || Double.isInfinite(amount)) {
      throw new IllegalArgumentException("amount must be finite and >= 0, found " + amount);
    }
    float[] x = clip.samples();
    double peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    if (amount == 0 || peak == 0) {
      return clip;
    }
    double[] e = new double[x.length];
    double mean = 0;
    for (int i = 0; i < x.length; i++) {
      double u = x[i] / peak;
      e[i] = Math.max(u, 0) + 0.5 * Math.signum(u) * Math.sqrt(Math.abs(u));
      mean += e[i];
    }
    mean /= x.length;
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) (x[i] + amount * peak * (e[i] - mean));
    }
    return new AudioClip(y, clip.sampleRate());
  }
}
