package org.musicgan.melody.events;

/** note_seq's constants ({@code note_seq/constants.py}) that melodies use. */
public final class MelodyConstants {
  /** Melody event: a note-off, starting silence. */
  public static final int MELODY_NOTE_OFF = -1;

  /** Melody event: nothing new happens (the previous note or silence continues). */
  public static final int MELODY_NO_EVENT = -2;

  /** Smallest melody event value. */
  public static final int MIN_MELODY_EVENT = -2;

  /** Largest melody event value. */
  public static final int MAX_MELODY_EVENT = 127;

  /** Lowest MIDI pitch. */
  public static final int MIN_MIDI_PITCH = 0;

  /** Highest MIDI pitch. */
  public static final int MAX_MIDI_PITCH = 127;

  /** Pitch classes per octave. */
  public static final int NOTES_PER_OCTAVE = 12;

  /** Default tempo, quarter notes per minute. */
  public static final double DEFAULT_QUARTERS_PER_MINUTE = 120.0;

  /** Default steps per bar (4/4 at 4 steps per quarter). */
  public static final int DEFAULT_STEPS_PER_BAR = 16;

  /** Default steps per quarter note. */
  public static final int DEFAULT_STEPS_PER_QUARTER = 4;

  /** MIDI resolution note_seq writes. */
  public static final int STANDARD_PPQ = 220;

  private static final int[][] NOTE_KEYS = new int[12][];

  static {
    int[] major = {0, 2, 4, 5, 7, 9, 11};
    for (int pc = 0; pc < 12; pc++) {
      int[] keys = new int[7];
      int n = 0;
      for (int key = 0; key < 12; key++) {
        int degree = Math.floorMod(pc - key, 12);
        for (int m : major) {
          if (m == degree) {
            keys[n++] = key;
          }
        }
      }
      NOTE_KEYS[pc] = keys;
    }
  }

  private MelodyConstants() {}

  /** The major keys (0 = C ... 11 = B) that contain pitch class {@code pitchClass}. */
  public static int[] noteKeys(int pitchClass) {
    return NOTE_KEYS[pitchClass].clone();
  }
}
