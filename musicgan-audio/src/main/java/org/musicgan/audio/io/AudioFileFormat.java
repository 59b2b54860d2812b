package org.musicgan.audio.io;

/** The file formats {@link AudioFiles} recognises from their first bytes. */
public enum AudioFileFormat {
  /** RIFF/WAVE. */
  WAV,
  /** MPEG audio (MP3), with or without an ID3v2 tag. */
  MP3,
  /** A Standard MIDI File or RIFF-RMID: symbolic, not audio; render it first. */
  MIDI,
  /** FLAC: recognised, not decoded. */
  FLAC,
  /** Ogg container (Vorbis, Opus): recognised, not decoded. */
  OGG,
  /** Anything else. */
  UNKNOWN;

  /**
   * Detects the format from the first bytes of a file.
   *
   * @param head the first bytes (12 or more for a reliable answer)
   * @param length how many of {@code head} are valid
   * @return the detected format, {@link #UNKNOWN} if none matches
   */
  public static AudioFileFormat detect(byte[] head, int length) {
    if (length >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) {
      return WAV;
    }
    if (length >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "RMID")) {
      return MIDI;
    }
    if (length >= 4 && ascii(head, 0, "MThd")) {
      return MIDI;
    }
    if (length >= 4 && ascii(head, 0, "fLaC")) {
      return FLAC;
    }
    if (length >= 4 && ascii(head, 0, "OggS")) {
      return OGG;
    }
    if (length >= 3 && ascii(head, 0, "ID3")) {
      return MP3;
    }
    if (length >= 4 && isMpegFrameHeader(head)) {
      return MP3;
    }
    return UNKNOWN;
  }

  private static boolean isMpegFrameHeader(byte[] b) {
    int b0 = b[0] & 0xFF;
    int b1 = b[1] & 0xFF;
    int b2 = b[2] & 0xFF;
    boolean sync = b0 == 0xFF && (b1 & 0xE0) == 0xE0;
    boolean versionOk = ((b1 >> 3) & 0x3) != 1;
    boolean layerOk = ((b1 >> 1) & 0x3) != 0;
    boolean bitrateOk = ((b2 >> 4) & 0xF) != 0xF;
    boolean rateOk = ((b2 >> 2) & 0x3) != 3;
    return sync && versionOk && layerOk && bitrateOk && rateOk;
  }

  private static boolean ascii(byte[] b, int offset, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[offset + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
