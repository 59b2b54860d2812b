package org.musicgan.audio.representation;

import org.musicgan.audio.AudioClip;

/** Shape checks shared by the representations. */
record TensorShape(int channels, int height, int width) {

  float[][][] allocate() {
    return new float[channels][height][width];
  }

  void check(float[][][] tensor, String who) {
    boolean ok = tensor.length == channels;
    for (int c = 0; ok && c < channels; c++) {
      ok = tensor[c].length == height;
      for (int h = 0; ok && h < height; h++) {
        ok = tensor[c][h].length == width;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          who
              + " expects a tensor of shape "
              + channels
              + "x"
              + height
              + "x"
              + width
              + ", found "
              + describe(tensor));
    }
  }

  static void checkClip(AudioClip clip, int sampleRate, int samples, String who) {
    if (clip.sampleRate() != sampleRate || clip.length() != samples) {
      throw new IllegalArgumentException(
          who
              + " encodes "
              + samples
              + " samples at "
              + sampleRate
              + " Hz, found "
              + clip.length()
              + " samples at "
              + clip.sampleRate()
              + " Hz (use fit() to resample and pad)");
    }
  }

  private static String describe(float[][][] t) {
    if (t.length == 0) {
      return "0x?x?";
    }
    return t.length + "x" + t[0].length + "x" + (t[0].length == 0 ? "?" : t[0][0].length);
  }
}
