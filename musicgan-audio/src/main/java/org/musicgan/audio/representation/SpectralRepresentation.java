package org.musicgan.audio.representation;

import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.ComplexSpectrogram;
import org.musicgan.audio.dsp.Stft;
import org.musicgan.audio.dsp.StftConfig;

/** Shared geometry of the STFT-based representations: one clip, one STFT, one tensor shape. */
abstract class SpectralRepresentation implements AudioRepresentation {
  private final String name;
  private final int sampleRate;
  private final int clipSamples;
  private final Stft stft;
  private final TensorShape shape;

  SpectralRepresentation(
      String name, int sampleRate, int clipSamples, StftConfig config, TensorShape shape) {
    if (sampleRate <= 0 || clipSamples <= config.nFft() / 2) {
      throw new IllegalArgumentException(
          name
              + ": sampleRate must be > 0 and clipSamples > nFft/2, found "
              + sampleRate
              + ", "
              + clipSamples);
    }
    this.name = name;
    this.sampleRate = sampleRate;
    this.clipSamples = clipSamples;
    this.stft = new Stft(config);
    this.shape = shape;
  }

  /** Throws unless the STFT of one clip has the expected number of frames. */
  final void requireFrames(int expected) {
    int frames = stft.config().frames(clipSamples);
    if (frames != expected) {
      throw new IllegalArgumentException(
          name
              + ": "
              + clipSamples
              + " samples with hop "
              + stft.config().hop()
              + " give "
              + frames
              + " frames, the tensor needs "
              + expected);
    }
  }

  /** The STFT's bin spacing in Hz. */
  final double binHz() {
    return sampleRate / (double) stft.config().nFft();
  }

  /** {@link #cellHz()} for tensors whose every channel has row {@code r} at {@code rowHz(r)}. */
  final double[][] sameRowsInEveryChannel(java.util.function.IntToDoubleFunction rowHz) {
    double[][] hz = new double[channels()][height()];
    for (double[] ch : hz) {
      for (int r = 0; r < ch.length; r++) {
        ch[r] = rowHz.applyAsDouble(r);
      }
    }
    return hz;
  }

  abstract float[][][] fromSpectrogram(ComplexSpectrogram spec);

  abstract ComplexSpectrogram toSpectrogram(float[][][] tensor);

  @Override
  public final float[][][] encode(AudioClip clip) {
    TensorShape.checkClip(clip, sampleRate, clipSamples, name);
    return fromSpectrogram(stft.forward(clip.samples()));
  }

  @Override
  public final AudioClip decode(float[][][] tensor) {
    shape.check(tensor, name);
    return new AudioClip(stft.inverse(toSpectrogram(tensor), clipSamples), sampleRate);
  }

  /** The STFT this representation uses. */
  public final Stft stft() {
    return stft;
  }

  final TensorShape shape() {
    return shape;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int sampleRate() {
    return sampleRate;
  }

  @Override
  public final int clipSamples() {
    return clipSamples;
  }

  @Override
  public final int channels() {
    return shape.channels();
  }

  @Override
  public final int height() {
    return shape.height();
  }

  @Override
  public final int width() {
    return shape.width();
  }
}
