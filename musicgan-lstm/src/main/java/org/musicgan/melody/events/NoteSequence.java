package org.musicgan.melody.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable score: notes with times in seconds, tempos and time signatures, and (once quantised)
 * steps. The fields of note_seq's {@code NoteSequence} proto that melodies use, with the same names
 * in camelCase.
 *
 * @param notes the notes, in the order they were added
 * @param tempos tempo marks
 * @param timeSignatures time-signature marks
 * @param ticksPerQuarter MIDI resolution of the source (note_seq writes 220)
 * @param totalTime end of the last note, seconds
 * @param stepsPerQuarter quantisation resolution, 0 if not quantised
 * @param totalQuantizedSteps length in steps if quantised, else 0
 */
public record NoteSequence(
    List<Note> notes,
    List<Tempo> tempos,
    List<TimeSignature> timeSignatures,
    int ticksPerQuarter,
    double totalTime,
    int stepsPerQuarter,
    int totalQuantizedSteps) {

  /** Copies the lists. */
  public NoteSequence {
    notes = List.copyOf(notes);
    tempos = List.copyOf(tempos);
    timeSignatures = List.copyOf(timeSignatures);
  }

  /**
   * An unquantised sequence; {@code totalTime} is the latest note end.
   *
   * @param notes the notes
   * @param tempos tempo marks (empty means 120 qpm)
   * @param timeSignatures time-signature marks (empty means 4/4)
   */
  public static NoteSequence of(List<Note> notes, List<Tempo> tempos, List<TimeSignature> ts) {
    double total = 0;
    for (Note n : notes) {
      total = Math.max(total, n.endTime());
    }
    return new NoteSequence(notes, tempos, ts, MelodyConstants.STANDARD_PPQ, total, 0, 0);
  }

  /** Whether the notes carry quantised steps. */
  public boolean isQuantized() {
    return stepsPerQuarter > 0;
  }

  /** The notes sorted by start time, then pitch. */
  public List<Note> sortedNotes() {
    List<Note> out = new ArrayList<>(notes);
    out.sort(Comparator.comparingDouble(Note::startTime).thenComparingInt(Note::pitch));
    return out;
  }

  /**
   * One note.
   *
   * @param pitch MIDI pitch 0..127
   * @param velocity MIDI velocity 0..127
   * @param startTime onset, seconds
   * @param endTime release, seconds
   * @param instrument index of the instrument (voice) in the sequence
   * @param program General MIDI program 0..127
   * @param isDrum whether the note is on the drum channel
   * @param quantizedStartStep onset step once quantised, else -1
   * @param quantizedEndStep release step once quantised, else -1
   */
  public record Note(
      int pitch,
      int velocity,
      double startTime,
      double endTime,
      int instrument,
      int program,
      boolean isDrum,
      int quantizedStartStep,
      int quantizedEndStep) {

    /** Validates ranges. */
    public Note {
      if (pitch < 0 || pitch > 127) {
        throw new IllegalArgumentException("pitch must be 0..127, found " + pitch);
      }
      if (velocity < 0 || velocity > 127) {
        throw new IllegalArgumentException("velocity must be 0..127, found " + velocity);
      }
      if (!(endTime >= startTime)) {
        throw new IllegalArgumentException(
            "endTime must be >= startTime, found " + startTime + ".." + endTime);
      }
    }

    /** An unquantised note of instrument 0, program 0. */
    public static Note of(int pitch, int velocity, double startTime, double endTime) {
      return new Note(pitch, velocity, startTime, endTime, 0, 0, false, -1, -1);
    }

    /** This note with quantised steps. */
    public Note withSteps(int start, int end) {
      return new Note(pitch, velocity, startTime, endTime, instrument, program, isDrum, start, end);
    }

    /** This note in another instrument/program. */
    public Note withInstrument(int newInstrument, int newProgram, boolean drum) {
      return new Note(
          pitch,
          velocity,
          startTime,
          endTime,
          newInstrument,
          newProgram,
          drum,
          quantizedStartStep,
          quantizedEndStep);
    }
  }

  /**
   * A tempo mark.
   *
   * @param time seconds
   * @param qpm quarter notes per minute
   */
  public record Tempo(double time, double qpm) {}

  /**
   * A time-signature mark.
   *
   * @param time seconds
   * @param numerator beats per bar
   * @param denominator beat unit
   */
  public record TimeSignature(double time, int numerator, int denominator) {}
}
