package org.musicgan.datasets.midi;

/** What a file that claims to be MIDI really holds, judged from its first bytes. */
public enum MidiFileKind {
  /** A Standard MIDI File ({@code MThd} at byte 0). */
  SMF,
  /** A RIFF-RMID wrapper with {@code MThd} inside its data chunk. */
  RMID,
  /** An MP3 (ID3 tag or MPEG frame sync). */
  MP3,
  /** A RIFF/WAVE audio file. */
  WAV,
  /** A ZIP archive. */
  ZIP,
  /** Empty. */
  EMPTY,
  /** Anything else (text, HTML, junk). */
  UNKNOWN;

  /** Whether the file is MIDI. */
  public boolean isMidi() {
    return this == SMF || this == RMID;
  }

  /**
   * Classifies the first bytes of a file.
   *
   * @param head up to the first 64 bytes
   * @param n how many are valid
   */
  public static MidiFileKind sniff(byte[] head, int n) {
    if (n == 0) {
      return EMPTY;
    }
    if (starts(head, n, 0, "MThd")) {
      return SMF;
    }
    if (starts(head, n, 0, "RIFF") && starts(head, n, 8, "RMID")) {
      for (int i = 12; i + 4 <= n; i++) {
        if (starts(head, n, i, "MThd")) {
          return RMID;
        }
      }
      return UNKNOWN;
    }
    if (starts(head, n, 0, "RIFF") && starts(head, n, 8, "WAVE")) {
      return WAV;
    }
    if (starts(head, n, 0, "PK")) {
      return ZIP;
    }
    if (starts(head, n, 0, "ID3")
        || (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0)) {
      return MP3;
    }
    return UNKNOWN;
  }

  private static boolean starts(byte[] b, int n, int at, String s) {
    if (at + s.length() > n) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
