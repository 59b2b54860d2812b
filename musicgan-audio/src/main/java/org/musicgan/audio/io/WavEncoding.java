package org.musicgan.audio.io;

/** Sample encodings {@link AudioFiles#writeWav} can write. */
public enum WavEncoding {
  /** 16-bit signed PCM; samples outside [-1, 1] are clipped. */
  PCM_16,
  /** 32-bit IEEE float; samples are stored as they are. */
  FLOAT_32
}
