package org.musicgan.audio;

import java.util.Arrays;

/**
 * An immutable mono audio clip: float samples (nominally in [-1, 1]) and a sample rate in Hz.
 *
 * <p>The sample array is copied on the way in and on the way out, so a clip can be shared between
 * threads.
 */
public final class AudioClip {
  private final float[] samples;
  private final int sampleRate;

  /**
   * Creates a clip from a copy of {@code samples}.
   *
   * @param samples mono samples
   * @param sampleRate sample rate in Hz, &gt; 0
   * @throws IllegalArgumentException if the rate is not positive or a sample is not finite
   */
  public AudioClip(float[] samples, int sampleRate) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be > 0, found " + sampleRate);
    }
    for (int i = 0; i < samples.length; i++) {
      if (!Float.isFinite(samples[i])) {
        throw new IllegalArgumentException("sample " + i + " is not finite: " + samples[i]);
      }
    }
    this.samples = samples.clone();
    this.sampleRate = sampleRate;
  }

  /**
   * Mixes several channels down to mono by averaging them.
   *
   * @param channels one array per channel, all of the same length, at least one channel
   * @param sampleRate sample rate in Hz
   * @return the mono mix
   */
  public static AudioClip mixdown(float[][] channels, int sampleRate) {
    if (channels.length == 0) {
      throw new IllegalArgumentException("channels must not be empty");
    }
    int n = channels[0].length;
    float[] mono = new float[n];
    for (int c = 0; c < channels.length; c++) {
      if (channels[c].length != n) {
        throw new IllegalArgumentException(
            "channel " + c + " has " + channels[c].length + " samples, channel 0 has " + n);
      }
      for (int i = 0; i < n; i++) {
        mono[i] += channels[c][i];
      }
    }
    float inv = 1f / channels.length;
    for (int i = 0; i < n; i++) {
      mono[i] *= inv;
    }
    return new AudioClip(mono, sampleRate);
  }

  /** Returns a copy of the samples. */
  public float[] samples() {
    return samples.clone();
  }

  /** Returns the sample at {@code index}. */
  public float sample(int index) {
    return samples[index];
  }

  /** Returns the number of samples. */
  public int length() {
    return samples.length;
  }

  /** Returns the sample rate in Hz. */
  public int sampleRate() {
    return sampleRate;
  }

  /** Returns the duration in seconds. */
  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  /** Returns the largest absolute sample value (0 for an empty clip). */
  public float peak() {
    float peak = 0;
    for (float s : samples) {
      peak = Math.max(peak, Math.abs(s));
    }
    return peak;
  }

  /**
   * Returns a clip of exactly {@code newLength} samples: truncated, or padded with zeros at the
   * end.
   */
  public AudioClip withLength(int newLength) {
    if (newLength < 0) {
      throw new IllegalArgumentException("newLength must be >= 0, found " + newLength);
    }
    return new AudioClip(Arrays.copyOf(samples, newLength), sampleRate);
  }

  /** Returns this clip with every sample multiplied by {@code gain}. */
  public AudioClip scaled(float gain) {
    float[] out = samples.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= gain;
    }
    return new AudioClip(out, sampleRate);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AudioClip other
        && sampleRate == other.sampleRate
        && Arrays.equals(samples, other.samples);
  }

  @Override
  public int hashCode() {
    return 31 * sampleRate + Arrays.hashCode(samples);
  }

  @Override
  public String toString() {
    return String.format(
        "AudioClip[%d samples @ %d Hz, %.3f s]", samples.length, sampleRate, durationSeconds());
  }
}
