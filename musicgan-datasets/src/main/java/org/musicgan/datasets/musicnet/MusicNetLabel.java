package org.musicgan.datasets.musicnet;

/**
 * One labelled note of a MusicNet recording, as in {@code *_labels/<id>.csv}.
 *
 * @param startSample onset, a sample index at 44,100 Hz (not seconds)
 * @param endSample offset sample index; the note sounds on {@code [startSample, endSample)}
 * @param instrument General MIDI program, <b>1-based</b> as MusicNet writes it (1 = piano)
 * @param note MIDI pitch 0..127
 * @param startBeat metrical position of the onset, in beats from the start of the score
 * @param beatDuration duration in beats (MusicNet's column is called {@code end_beat} but holds a
 *     duration)
 * @param noteValue the note value's English name ("Quarter", "Dotted Half", ...)
 */
public record MusicNetLabel(
    long startSample,
    long endSample,
    int instrument,
    int note,
    double startBeat,
    double beatDuration,
    String noteValue) {

  /** MusicNet's sample rate, which the sample indices refer to. */
  public static final int SAMPLE_RATE = 44100;

  /** The javax.sound.midi (0-based) program number. */
  public int midiProgram() {
    return instrument - 1;
  }

  /** Onset in seconds. */
  public double startSeconds() {
    return startSample / (double) SAMPLE_RATE;
  }

  /** Offset in seconds. */
  public double endSeconds() {
    return endSample / (double) SAMPLE_RATE;
  }

  /**
   * Whether the note sounds anywhere in the window {@code [from, to)} (sample indices): both
   * intervals are half-open, so a note ending exactly at {@code from} or starting exactly at {@code
   * to} does not.
   */
  public boolean overlaps(long from, long to) {
    return startSample < to && endSample > from;
  }
}
