package org.musicgan.audio.dsp;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Short-time Fourier transform and its inverse with {@code torch.stft}/{@code librosa.stft}
 * conventions: periodic Hann window of {@code nFft} samples, {@code center=True} with reflect
 * padding, one-sided output of {@code nFft/2 + 1} bins, no normalisation. The inverse is {@code
 * torch.istft}: windowed overlap-add divided by the summed squared window.
 *
 * <p>The forward transform picks its kernel from the geometry. With the JDK's incubating Vector API
 * present (JVM flag {@code --add-modules jdk.incubator.vector}; see {@link SmallMatMul#VECTOR}): a
 * power-of-two {@code nFft >= 16} with {@code hop = nFft/2} runs a radix-4 FFT over eight frames at
 * once, one per vector lane; any other {@code nFft} up to {@value #MAX_PRODUCT_NFFT} runs as two
 * folded DFT matrix products over all frames. Everything else, and the inverse, uses JTransforms
 * one frame at a time. All kernels agree to float rounding.
 *
 * <p>Instances are immutable and safe to share between threads (each thread gets its own plans and
 * scratch).
 */
public final class Stft {
  /**
   * The largest non-power-of-two nFft done as DFT products. Measured per 4 s at 16 kHz on the build
   * machine (one thread, JTransforms vs products): 510: 7.7 vs 5.8 ms, 766: 15.7 vs 4.9, 1022: 11.1
   * vs 7.4, 2046: 13.6 vs 15.5; the products' work grows as nFft squared, so the limit stays below
   * where JTransforms catches up.
   */
  static final int MAX_PRODUCT_NFFT = 1024;

  /** How the forward transform is computed. */
  enum Kernel {
    /** JTransforms' real FFT per frame. */
    JTRANSFORMS,
    /** {@link VectorFft}. */
    VECTOR_FFT,
    /** {@link DftProduct}. */
    DFT_PRODUCT;

    /** Whether this kernel can transform the geometry. */
    boolean supports(StftConfig config) {
      int n = config.nFft();
      return switch (this) {
        case JTRANSFORMS -> true;
        case VECTOR_FFT -> Integer.bitCount(n) == 1 && n >= 16 && 2 * config.hop() == n;
        case DFT_PRODUCT -> n <= MAX_PRODUCT_NFFT;
      };
    }
  }

  private final StftConfig config;
  private final Kernel kernel;
  private final float[] window;
  private final ThreadLocal<FloatFFT_1D> fft;
  private final ThreadLocal<VectorFft> vectorFft;
  private final ThreadLocal<DftProduct> product;

  /** Creates an STFT for the given geometry. */
  public Stft(StftConfig config) {
    this(config, kernelFor(config, SmallMatMul.VECTOR));
  }

  /** Creates an STFT with the given forward kernel (for tests and benchmarks). */
  Stft(StftConfig config, Kernel kernel) {
    this.config = config;
    this.kernel = kernel;
    this.window = Windows.periodicHann(config.nFft());
    int n = config.nFft();
    this.fft = ThreadLocal.withInitial(() -> new FloatFFT_1D(n));
    this.vectorFft = ThreadLocal.withInitial(() -> new VectorFft(n, window));
    this.product = ThreadLocal.withInitial(() -> new DftProduct(n, window));
  }

  /** The kernel {@link #Stft(StftConfig)} picks for a geometry. */
  static Kernel kernelFor(StftConfig config, boolean vectorApi) {
    if (!vectorApi) {
      return Kernel.JTRANSFORMS;
    }
    if (Kernel.VECTOR_FFT.supports(config)) {
      return Kernel.VECTOR_FFT;
    }
    boolean powerOfTwo = Integer.bitCount(config.nFft()) == 1; // there JTransforms is fast
    return !powerOfTwo && Kernel.DFT_PRODUCT.supports(config)
        ? Kernel.DFT_PRODUCT
        : Kernel.JTRANSFORMS;
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
    int bins = config.bins();
    float[] re = new float[bins * frames];
    float[] im = new float[bins * frames];
    switch (kernel) {
      case VECTOR_FFT -> vectorFft.get().forward(signal, frames, re, im);
      case DFT_PRODUCT -> product.get().forward(signal, frames, config.hop(), re, im);
      default -> forwardJTransforms(signal, frames, re, im);
    }
    return ComplexSpectrogram.wrap(bins, frames, re, im);
  }

  private void forwardJTransforms(float[] signal, int frames, float[] re, float[] im) {
    int n = config.nFft();
    int last = n / 2;
    float[] buf = new float[n];
    FloatFFT_1D plan = fft.get();
    for (int t = 0; t < frames; t++) {
      readFrame(signal, t * config.hop() - last, buf);
      for (int i = 0; i < n; i++) {
        buf[i] *= window[i];
      }
      plan.realForward(buf);
      re[t] = buf[0];
      re[last * frames + t] = buf[1];
      for (int k = 1, i = frames + t; k < last; k++, i += frames) {
        re[i] = buf[2 * k];
        im[i] = buf[2 * k + 1];
      }
    }
  }

  /**
   * Copies {@code frame.length} samples of {@code signal} from {@code start} (which may lie before
   * 0 or run past the end: reflect padding) into {@code frame}.
   */
  static void readFrame(float[] signal, int start, float[] frame) {
    int len = signal.length;
    int n = frame.length;
    if (start >= 0 && start + n <= len) {
      System.arraycopy(signal, start, frame, 0, n);
    } else {
      for (int i = 0; i < n; i++) {
        frame[i] = signal[reflect(start + i, len)];
      }
    }
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
  static int reflect(int i, int len) {
    if (i < 0) {
      return -i;
    }
    return i >= len ? 2 * (len - 1) - i : i;
  }
}
