package org.musicgan.audio.representation;

import org.musicgan.audio.dsp.ComplexSpectrogram;
import org.musicgan.audio.dsp.StftConfig;

/**
 * The seed's approach 3: channel 0 the STFT magnitude (linear, or natural-log {@code ln(|X| +
 * 1e-6)}), channel 1 the phase in radians, each {@code bins x frames}. Lossless.
 *
 * <p>Optionally the phase is stored <em>demodulated</em>: bin {@code k} of frame {@code t} holds
 * {@code wrap(phase - 2 pi k t hop / nFft)}, the phase relative to a partial at the bin's centre
 * frequency. A steady partial then has a phase that is constant (on its bin's centre) or drifts
 * slowly (off centre) from frame to frame, where the raw phase of every odd bin flips by pi each
 * frame at hop = nFft/2. Decoding adds the term back, so this too is lossless.
 *
 * <p>Stage I: 4,000 samples at 1,000 Hz (the seed's "sampled at 1 kHz"), nFft 126 (64 bins), hop
 * 63, 64 frames: 2x64x64. Stage II: 65,200 samples at 16,300 Hz, nFft 510 (256 bins), hop 255, 256
 * frames: 2x256x256.
 */
public final class MagnitudePhase extends SpectralRepresentation {
  /** Offset inside the logarithm, as GANSynth. */
  public static final float LOG_EPSILON = 1e-6f;

  private final boolean logAmplitude;
  private final boolean demodulated;

  /**
   * Creates the representation.
   *
   * @param name the representation's name
   * @param sampleRate sample rate in Hz
   * @param clipSamples samples per clip
   * @param config STFT geometry; the tensor is {@code 2 x bins x frames}
   * @param logAmplitude store {@code ln(|X| + 1e-6)} instead of {@code |X|}
   */
  public MagnitudePhase(
      String name, int sampleRate, int clipSamples, StftConfig config, boolean logAmplitude) {
    this(name, sampleRate, clipSamples, config, logAmplitude, false);
  }

  /**
   * Creates the representation, with the phase demodulated or not.
   *
   * @param name the representation's name
   * @param sampleRate sample rate in Hz
   * @param clipSamples samples per clip
   * @param config STFT geometry; the tensor is {@code 2 x bins x frames}
   * @param logAmplitude store {@code ln(|X| + 1e-6)} instead of {@code |X|}
   * @param demodulated store the phase relative to each bin's centre frequency (class comment)
   */
  public MagnitudePhase(
      String name,
      int sampleRate,
      int clipSamples,
      StftConfig config,
      boolean logAmplitude,
      boolean demodulated) {
    super(
        name,
        sampleRate,
        clipSamples,
        config,
        new TensorShape(2, config.bins(), config.frames(clipSamples)));
    this.logAmplitude = logAmplitude;
    this.demodulated = demodulated;
  }

  /** Whether channel 0 holds log amplitude. */
  public boolean logAmplitude() {
    return logAmplitude;
  }

  /** Whether channel 1 holds the demodulated phase. */
  public boolean demodulated() {
    return demodulated;
  }

  /**
   * The phase a partial at bin {@code k}'s centre frequency gains by frame {@code t}, modulo 2 pi
   * ({@code 2 pi k t hop / nFft}, reduced exactly in integers); 0 unless demodulated.
   */
  private double carrier(int k, int t) {
    if (!demodulated) {
      return 0;
    }
    StftConfig c = stft().config();
    long turns = (long) k * t * c.hop() % c.nFft();
    return 2 * Math.PI * turns / c.nFft();
  }

  /** {@code x} wrapped into [-pi, pi]. */
  private static double wrap(double x) {
    return x - 2 * Math.PI * Math.rint(x / (2 * Math.PI));
  }

  @Override
  public boolean lossless() {
    return true;
  }

  @Override
  float[][][] fromSpectrogram(ComplexSpectrogram spec) {
    float[] mag = spec.magnitude();
    float[] phase = spec.phase();
    float[][][] t = shape().allocate();
    int frames = spec.frames();
    for (int k = 0; k < spec.bins(); k++) {
      for (int f = 0; f < frames; f++) {
        int i = k * frames + f;
        t[0][k][f] = logAmplitude ? (float) Math.log(mag[i] + LOG_EPSILON) : mag[i];
        t[1][k][f] = demodulated ? (float) wrap(phase[i] - carrier(k, f)) : phase[i];
      }
    }
    return t;
  }

  @Override
  ComplexSpectrogram toSpectrogram(float[][][] tensor) {
    int bins = height();
    int frames = width();
    float[] mag = new float[bins * frames];
    float[] phase = new float[bins * frames];
    for (int k = 0; k < bins; k++) {
      for (int f = 0; f < frames; f++) {
        int i = k * frames + f;
        float v = tensor[0][k][f];
        mag[i] = logAmplitude ? Math.max(0f, (float) Math.exp(v) - LOG_EPSILON) : Math.max(0f, v);
        phase[i] = (float) (tensor[1][k][f] + carrier(k, f));
      }
    }
    return ComplexSpectrogram.fromPolar(bins, frames, mag, phase);
  }

  /** Row {@code r} of both channels is STFT bin {@code r}. */
  @Override
  public double[][] cellHz() {
    return sameRowsInEveryChannel(r -> r * binHz());
  }
}
