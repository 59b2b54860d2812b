package org.musicgan.audio.io;

import org.musicgan.audio.AudioClip;

/**
 * Audio as decoded from a file: all channels, the sample rate and a description of the source
 * encoding (for example {@code "WAV PCM 24-bit"} or {@code "MP3 MPEG-1 Layer III"}).
 *
 * @param channels one float array per channel, samples in [-1, 1], all of one length
 * @param sampleRate sample rate in Hz
 * @param encoding a human-readable description of the file's encoding
 */
public record DecodedAudio(float[][] channels, int sampleRate, String encoding) {

  /** Validates the record. */
  public DecodedAudio {
    if (channels.length == 0) {
      throw new IllegalArgumentException("channels must not be empty");
    }
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be > 0, found " + sampleRate);
    }
  }

  /** Returns the number of channels. */
  public int channelCount() {
    return channels.length;
  }

  /** Returns the number of samples per channel. */
  public int frames() {
    return channels[0].length;
  }

  /** Mixes all channels down to one mono clip. */
  public AudioClip toMono() {
    return AudioClip.mixdown(channels, sampleRate);
  }
}
