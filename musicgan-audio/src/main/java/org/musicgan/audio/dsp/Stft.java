package org.musicgan.audio.dsp;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Short-time Fourier transform and its inverse with {@code torch.stft}/{@code librosa.stft}
 * conventions: periodic Hann window of {@code nFft} samples, {@code center=True} with reflect
 * padding, one-sided output of {@code nFft/2 + 1} bins, no normalisation. The inverse is {@code
 * torch.istft}: windowed overlap-add divided by the summed squared window.
 *
 * <p>Instances are immutable and safe to share between threads (each thread gets its own FFT plan).
 */
public final class Stft {
  private final StftConfig config;
  private final float[] window;
  private final ThreadLocal<FloatFFT_1D> fft;

  /** Creates an STFT for the given geometry. */
  public Stft(StftConfig config) {
    this.config = config;
    this.window = Windows.periodicHann(config.nFft());
    this.fft = ThreadLocal.withInitial(() -> new FloatFFT_1D(config.nFft()));
  }

  /** Returns the geometry. */
  public StftConfig config() {
    return config;
  }

  /**
   * Transforms a signal.
   *
   * @param signal the samples; longer than {@code nFft / 2} (reflect padding needs that)
   * @return {@code bins x (1 + length / hop)} complex values
   */
  public ComplexSpectrogram forward(float[] signal) {
    int n = config.nFft();
    int pad = n / 2;
    if (signal.length <= pad) {
      throw new IllegalArgumentException(
          "signal must be longer than nFft/2 = " + pad + " samples, found " + signal.length);
    }
    int frames = config.frames(signal.length);
    int hop = config.hop();
    float[] packed = new float[frames * n];
    FloatFFT_1D plan = fft.get();
    int len = signal.length;
    for (int t = 0; t < frames; t++) {
      int base = t * n;
      int start = t * hop - pad; // first sample of the frame in signal coordinates
      if (start >= 0 && start + n <= len) {
        for (int i = 0; i < n; i++) {
          packed[base + i] = signal[start + i] * window[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          packed[base + i] = signal[reflect(start + i, len)] * window[i];
        }
      }
      plan.realForward(packed, base);
    }
    return ComplexSpectrogram.wrapPacked(config.bins(), frames, packed);
  }

  /**
   * Inverts a spectrogram to {@code length} samples (as {@code torch.istft(..., center=True,
   * length=length)}). Imaginary parts of the DC and Nyquist bins are ignored.
   *
   * @throws IllegalArgumentException if the bin count does not match {@code nFft}
   */
  public float[] inverse(ComplexSpectrogram spec, int length) {
    int n = config.nFft();
    int bins = config.bins();
    if (spec.bins() != bins) {
      throw new IllegalArgumentException(
          "spectrogram has " + spec.bins() + " bins, nFft=" + n + " needs " + bins);
    }
    int frames = spec.frames();
    int hop = config.hop();
    int total = n + hop * (frames - 1);
    float[] out = new float[total];
    float[] envelope = new float[total];
    float[] buf = new float[n];
    FloatFFT_1D plan = fft.get();
    for (int t = 0; t < frames; t++) {
      spec.copyPackedFrame(t, buf);
      plan.realInverse(buf, true);
      int start = t * hop;
      for (int i = 0; i < n; i++) {
        out[start + i] += buf[i] * window[i];
        envelope[start + i] += window[i] * window[i];
      }
    }
    int pad = n / 2;
    float[] y = new float[length];
    for (int j = 0; j < length; j++) {
      int idx = j + pad;
      if (idx >= total) {
        break;
      }
      if (envelope[idx] < 1e-11f) {
        throw new IllegalArgumentException(
            "window envelope is zero at sample " + j + "; hop " + hop + " too large for nFft " + n);
      }
      y[j] = out[idx] / envelope[idx];
    }
    return y;
  }

  /** Index into a signal of length {@code len} with reflect padding at both ends. */
  private static int reflect(int i, int len) {
    if (i < 0) {
      return -i;
    }
    return i >= len ? 2 * (len - 1) - i : i;
  }
}
