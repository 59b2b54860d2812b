package org.musicgan.audio.representation;

import org.musicgan.audio.dsp.ComplexSpectrogram;
import org.musicgan.audio.dsp.StftConfig;

/**
 * The seed's approach 2: the complex STFT packed as an image. The {@code B x T} spectrogram becomes
 * {@code 2B} rows with row {@code 2i} = Re(bin i) and row {@code 2i+1} = Im(bin i); the rows are
 * then cut into {@code 2B / H} channels of {@code H} rows each (channel 0 = rows 0..H-1, and so
 * on). Lossless.
 *
 * <p>Stage I: 6,000 samples at 1,500 Hz, nFft 190 (96 bins), hop 95, 64 frames: 192x64 rows into
 * 3x64x64. Stage II: 98,000 samples at 24,500 Hz, nFft 766 (384 bins), hop 383, 256 frames: 768x256
 * into 3x256x256.
 */
public final class ComplexImage extends SpectralRepresentation {

  /**
   * Creates the representation.
   *
   * @param name the representation's name
   * @param sampleRate sample rate in Hz
   * @param clipSamples samples per clip
   * @param config STFT geometry; {@code 2 * bins} must be a multiple of {@code height}
   * @param height rows per channel
   * @param frames frames (tensor width) one clip must produce
   */
  public ComplexImage(
      String name, int sampleRate, int clipSamples, StftConfig config, int height, int frames) {
    super(name, sampleRate, clipSamples, config, shape(name, config, height, frames));
    requireFrames(frames);
  }

  private static TensorShape shape(String name, StftConfig config, int height, int frames) {
    int rows = 2 * config.bins();
    if (height <= 0 || rows % height != 0) {
      throw new IllegalArgumentException(
          name
              + ": 2*bins = "
              + rows
              + " rows must split evenly into channels of height "
              + height);
    }
    return new TensorShape(rows / height, height, frames);
  }

  @Override
  public boolean lossless() {
    return true;
  }

  @Override
  float[][][] fromSpectrogram(ComplexSpectrogram spec) {
    float[][][] t = shape().allocate();
    int h = height();
    int frames = spec.frames();
    for (int row = 0; row < 2 * spec.bins(); row++) {
      int bin = row / 2;
      float[] dst = t[row / h][row % h];
      for (int f = 0; f < frames; f++) {
        dst[f] = row % 2 == 0 ? spec.re(bin, f) : spec.im(bin, f);
      }
    }
    return t;
  }

  @Override
  ComplexSpectrogram toSpectrogram(float[][][] tensor) {
    int bins = stft().config().bins();
    int frames = width();
    int h = height();
    ComplexSpectrogram spec = ComplexSpectrogram.zeros(bins, frames);
    for (int bin = 0; bin < bins; bin++) {
      float[] re = tensor[(2 * bin) / h][(2 * bin) % h];
      float[] im = tensor[(2 * bin + 1) / h][(2 * bin + 1) % h];
      for (int f = 0; f < frames; f++) {
        spec.set(bin, f, re[f], im[f]);
      }
    }
    return spec;
  }

  /** Cell {@code (c, r)} is row {@code c * height + r} of the packed image: bin of half that. */
  @Override
  public double[][] cellHz() {
    double[][] hz = new double[channels()][height()];
    for (int c = 0; c < hz.length; c++) {
      for (int r = 0; r < hz[c].length; r++) {
        hz[c][r] = ((c * height() + r) / 2) * binHz();
      }
    }
    return hz;
  }
}
