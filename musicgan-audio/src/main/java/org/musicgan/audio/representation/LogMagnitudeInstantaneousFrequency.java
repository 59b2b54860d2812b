package org.musicgan.audio.representation;

import org.musicgan.audio.dsp.ComplexSpectrogram;
import org.musicgan.audio.dsp.StftConfig;

/**
 * GANSynth's representation: channel 0 the log magnitude {@code ln(|X| + 1e-6)}, channel 1 the
 * instantaneous frequency (the phase unwrapped along time, differenced along time, divided by pi;
 * frame 0 keeps its phase / pi). As in GANSynth the DC bin is dropped, so a tensor has {@code nFft
 * / 2} rows. With {@code mel = true} both channels are put on a mel frequency axis the way GANSynth
 * does ({@code ln(mel(|X|^2) + 1e-6)} and the IF of the mel-projected unwrapped phase).
 *
 * <p>Without mel, decoding is exact except for the dropped DC bin (audio has little there); with
 * mel it goes through GANSynth's approximate inverse and is lossy.
 *
 * <p>Stage I: 4,032 samples at 1,008 Hz, nFft 128, hop 64 (the seed's hop = nFft/2, not GANSynth's
 * nFft/4, to keep 64 frames in 4 s at ~1 kHz), 64 bins x 64 frames. Stage II: 65,280 samples at
 * 16,320 Hz, nFft 512, hop 256, 256 x 256.
 */
public final class LogMagnitudeInstantaneousFrequency extends SpectralRepresentation {
  private static final float EPS = MagnitudePhase.LOG_EPSILON;
  private final MelScale mel;

  /**
   * Creates the representation.
   *
   * @param name the representation's name
   * @param sampleRate sample rate in Hz
   * @param clipSamples samples per clip
   * @param config STFT geometry; the tensor is {@code 2 x nFft/2 x frames}
   * @param mel whether to use a mel frequency axis
   */
  public LogMagnitudeInstantaneousFrequency(
      String name, int sampleRate, int clipSamples, StftConfig config, boolean mel) {
    super(
        name,
        sampleRate,
        clipSamples,
        config,
        new TensorShape(2, config.bins() - 1, config.frames(clipSamples)));
    double binHz = sampleRate / (double) config.nFft();
    this.mel = mel ? new MelScale(config.bins() - 1, binHz, binHz, sampleRate / 2.0) : null;
  }

  /** Whether the frequency axis is mel. */
  public boolean mel() {
    return mel != null;
  }

  @Override
  public boolean lossless() {
    return false;
  }

  @Override
  float[][][] fromSpectrogram(ComplexSpectrogram spec) {
    int bins = height();
    int frames = spec.frames();
    float[] magAll = spec.magnitude();
    float[] phaseAll = spec.phase();
    float[][] mag = new float[bins][frames];
    float[][] unwrapped = new float[bins][frames];
    for (int k = 0; k < bins; k++) {
      int row = (k + 1) * frames; // skip DC
      System.arraycopy(magAll, row, mag[k], 0, frames);
      unwrap(phaseAll, row, frames, unwrapped[k]);
    }
    float[][][] t = shape().allocate();
    if (mel != null) {
      for (float[] r : mag) {
        for (int f = 0; f < frames; f++) {
          r[f] *= r[f];
        }
      }
      mag = mel.toMel(mag);
      unwrapped = mel.toMel(unwrapped);
    }
    for (int k = 0; k < bins; k++) {
      for (int f = 0; f < frames; f++) {
        t[0][k][f] = (float) Math.log(mag[k][f] + EPS);
        float prev = f == 0 ? 0 : unwrapped[k][f - 1];
        t[1][k][f] = (float) ((unwrapped[k][f] - prev) / Math.PI);
      }
    }
    return t;
  }

  @Override
  ComplexSpectrogram toSpectrogram(float[][][] tensor) {
    int bins = height();
    int frames = width();
    float[][] mag = new float[bins][frames];
    float[][] phase = new float[bins][frames];
    for (int k = 0; k < bins; k++) {
      double acc = 0;
      for (int f = 0; f < frames; f++) {
        mag[k][f] = (float) Math.exp(tensor[0][k][f]);
        acc += tensor[1][k][f] * Math.PI;
        phase[k][f] = (float) acc;
      }
    }
    if (mel != null) {
      mag = mel.toLinear(mag);
      phase = mel.toLinear(phase);
      for (float[] r : mag) {
        for (int f = 0; f < frames; f++) {
          r[f] = (float) Math.sqrt(Math.max(0, r[f])) + EPS;
        }
      }
    }
    ComplexSpectrogram spec = ComplexSpectrogram.zeros(bins + 1, frames);
    for (int k = 0; k < bins; k++) {
      for (int f = 0; f < frames; f++) {
        double m = Math.max(0, mag[k][f] - EPS);
        spec.set(
            k + 1, f, (float) (m * Math.cos(phase[k][f])), (float) (m * Math.sin(phase[k][f])));
      }
    }
    return spec;
  }

  /** numpy.unwrap along one row: adds multiples of 2 pi so that steps stay within pi. */
  private static void unwrap(float[] phase, int offset, int n, float[] out) {
    double correction = 0;
    out[0] = phase[offset];
    for (int f = 1; f < n; f++) {
      double d = phase[offset + f] - phase[offset + f - 1];
      if (Math.abs(d) >= Math.PI) {
        double wrapped = (d + Math.PI) % (2 * Math.PI);
        if (wrapped < 0) {
          wrapped += 2 * Math.PI;
        }
        wrapped -= Math.PI;
        if (wrapped == -Math.PI && d > 0) {
          wrapped = Math.PI;
        }
        correction += wrapped - d;
      }
      out[f] = (float) (phase[offset + f] + correction);
    }
  }

  /** Row {@code r} is STFT bin {@code r + 1} (DC dropped), or with mel the centre of band r. */
  @Override
  public double[][] cellHz() {
    return sameRowsInEveryChannel(r -> mel == null ? (r + 1) * binHz() : mel.centreHz(r));
  }
}
