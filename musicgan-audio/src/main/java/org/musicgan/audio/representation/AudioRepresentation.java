package org.musicgan.audio.representation;

import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.Resampler;

/**
 * Converts a fixed-length clip to a {@code float[channels][height][width]} tensor and back: the
 * bridge between audio and the GAN's image-shaped networks (DJL's "translator").
 *
 * <p>{@link #encode} is strict: the clip must have exactly {@link #sampleRate()} and {@link
 * #clipSamples()}; {@link #fit} resamples and pads or trims any clip to that.
 */
public interface AudioRepresentation {

  /** A short, stable name, e.g. {@code "magnitude-phase-log/stage-i"}. */
  String name();

  /** Sample rate of the clips this representation encodes, in Hz. */
  int sampleRate();

  /** Number of samples in one clip. */
  int clipSamples();

  /** Tensor channels. */
  int channels();

  /** Tensor height (rows). */
  int height();

  /** Tensor width (columns). */
  int width();

  /** Whether {@code decode(encode(x))} gives back {@code x} up to float rounding. */
  boolean lossless();

  /**
   * Encodes a clip.
   *
   * @throws IllegalArgumentException if the clip's rate or length is not this representation's
   */
  float[][][] encode(AudioClip clip);

  /**
   * Decodes a tensor to a clip of {@link #clipSamples()} samples at {@link #sampleRate()}.
   *
   * @throws IllegalArgumentException if the tensor's shape is not {@code channels x height x width}
   */
  AudioClip decode(float[][][] tensor);

  /**
   * The frequency in Hz that each tensor cell {@code [channel][row]} stands for (the centre of its
   * STFT bin, or of its mel band), the same in every column.
   *
   * @throws UnsupportedOperationException if the tensor's rows are not frequencies (raw waveform)
   */
  default double[][] cellHz() {
    throw new UnsupportedOperationException(name() + ": the rows are not frequencies");
  }

  /** Clip duration in seconds. */
  default double clipSeconds() {
    return clipSamples() / (double) sampleRate();
  }

  /** Resamples {@code clip} to this representation's rate and pads or trims it to its length. */
  default AudioClip fit(AudioClip clip) {
    AudioClip atRate =
        clip.sampleRate() == sampleRate()
            ? clip
            : Resampler.KAISER_BEST.resample(clip, sampleRate());
    return atRate.length() == clipSamples() ? atRate : atRate.withLength(clipSamples());
  }
}
