package org.musicgan.audio.representation;

import org.musicgan.audio.AudioClip;

/**
 * The seed's approach 1: the raw waveform, {@code side * side * 3} samples reshaped to {@code 3 x
 * side x side} in the order of the seed's NHWC reshape: sample {@code s} goes to channel {@code s %
 * 3}, row {@code (s / 3) / side}, column {@code (s / 3) % side}. Lossless.
 *
 * <p>Stage I: 12,288 samples at 3,072 Hz (4 s, content up to 1.5 kHz), 3x64x64. Stage II: 196,608
 * samples at 49,152 Hz (4 s), 3x256x256.
 */
public final class RawWaveform implements AudioRepresentation {
  private static final int CHANNELS = 3;
  private final String name;
  private final int sampleRate;
  private final TensorShape shape;

  /**
   * Creates the representation.
   *
   * @param name the representation's name
   * @param sampleRate sample rate in Hz
   * @param side height and width of the tensor
   */
  public RawWaveform(String name, int sampleRate, int side) {
    if (sampleRate <= 0 || side <= 0) {
      throw new IllegalArgumentException(
          "sampleRate and side must be > 0, found " + sampleRate + ", " + side);
    }
    this.name = name;
    this.sampleRate = sampleRate;
    this.shape = new TensorShape(CHANNELS, side, side);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public int clipSamples() {
    return CHANNELS * shape.height() * shape.width();
  }

  @Override
  public int channels() {
    return CHANNELS;
  }

  @Override
  public int height() {
    return shape.height();
  }

  @Override
  public int width() {
    return shape.width();
  }

  @Override
  public boolean lossless() {
    return true;
  }

  @Override
  public float[][][] encode(AudioClip clip) {
    TensorShape.checkClip(clip, sampleRate, clipSamples(), name);
    float[][][] t = shape.allocate();
    int side = shape.width();
    for (int s = 0; s < clip.length(); s++) {
      int pixel = s / CHANNELS;
      t[s % CHANNELS][pixel / side][pixel % side] = clip.sample(s);
    }
    return t;
  }

  @Override
  public AudioClip decode(float[][][] tensor) {
    shape.check(tensor, name);
    float[] out = new float[clipSamples()];
    int side = shape.width();
    for (int s = 0; s < out.length; s++) {
      int pixel = s / CHANNELS;
      out[s] = tensor[s % CHANNELS][pixel / side][pixel % side];
    }
    return new AudioClip(out, sampleRate);
  }
}
