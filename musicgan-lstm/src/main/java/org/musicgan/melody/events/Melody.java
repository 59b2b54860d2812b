package org.musicgan.melody.events;

import static org.musicgan.melody.events.MelodyConstants.MAX_MELODY_EVENT;
import static org.musicgan.melody.events.MelodyConstants.MELODY_NOTE_OFF;
import static org.musicgan.melody.events.MelodyConstants.MELODY_NO_EVENT;
import static org.musicgan.melody.events.MelodyConstants.MIN_MELODY_EVENT;
import static org.musicgan.melody.events.MelodyConstants.MIN_MIDI_PITCH;
import static org.musicgan.melody.events.MelodyConstants.NOTES_PER_OCTAVE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A monophonic melody, one event per quantised step: a pitch 0..127 starts a note, {@link
 * MelodyConstants#MELODY_NOTE_OFF} starts silence, {@link MelodyConstants#MELODY_NO_EVENT}
 * continues what was there. A port of note_seq's {@code Melody} ({@code melodies_lib.py}),
 * behaviour for behaviour, including its rounding and modulo rules.
 *
 * <p>Mutable, like the original: {@link #setLength}, {@link #transpose}, {@link #squash} and {@link
 * #append} change it in place. Use {@link #copy()} for a deep copy.
 */
public final class Melody {
  private int[] events;
  private int size;
  private int startStep;
  private int endStep;
  private int stepsPerBar;
  private int stepsPerQuarter;

  /** An empty melody at step 0, 16 steps per bar, 4 per quarter. */
  public Melody() {
    this(new int[0]);
  }

  /**
   * A melody from events, as {@code Melody(events)}: note-offs before the first note become
   * no-events.
   *
   * @throws IllegalArgumentException if an event is outside -2..127
   */
  public Melody(int... events) {
    this(
        events,
        0,
        MelodyConstants.DEFAULT_STEPS_PER_BAR,
        MelodyConstants.DEFAULT_STEPS_PER_QUARTER);
  }

  /** A melody with explicit offsets and resolution. */
  public Melody(int[] events, int startStep, int stepsPerBar, int stepsPerQuarter) {
    int[] cleaned = events.clone();
    for (int e : cleaned) {
      checkEvent(e);
    }
    for (int i = 0; i < cleaned.length; i++) {
      if (cleaned[i] != MELODY_NO_EVENT && cleaned[i] != MELODY_NOTE_OFF) {
        break;
      }
      cleaned[i] = MELODY_NO_EVENT;
    }
    this.events = cleaned;
    this.size = cleaned.length;
    this.startStep = startStep;
    this.endStep = startStep + size;
    this.stepsPerBar = stepsPerBar;
    this.stepsPerQuarter = stepsPerQuarter;
  }

  private Melody(Melody other) {
    this.events = Arrays.copyOf(other.events, Math.max(other.size, 4));
    this.size = other.size;
    this.startStep = other.startStep;
    this.endStep = other.endStep;
    this.stepsPerBar = other.stepsPerBar;
    this.stepsPerQuarter = other.stepsPerQuarter;
  }

  private static void checkEvent(int e) {
    if (e < MIN_MELODY_EVENT || e > MAX_MELODY_EVENT) {
      throw new IllegalArgumentException("Melody event out of range: " + e);
    }
  }

  /** A deep copy. */
  public Melody copy() {
    return new Melody(this);
  }

  /** Number of events (steps). */
  public int length() {
    return size;
  }

  /** The event at step {@code i}; negative {@code i} counts from the end, as in Python. */
  public int get(int i) {
    int j = i < 0 ? size + i : i;
    if (j < 0 || j >= size) {
      throw new IndexOutOfBoundsException("index " + i + " for melody of length " + size);
    }
    return events[j];
  }

  /** The events as a new array. */
  public int[] events() {
    return Arrays.copyOf(events, size);
  }

  /** The events as a list. */
  public List<Integer> toList() {
    List<Integer> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(events[i]);
    }
    return out;
  }

  /** First step of the melody in its source sequence (a bar boundary). */
  public int startStep() {
    return startStep;
  }

  /** Step after the last one, in source coordinates. */
  public int endStep() {
    return endStep;
  }

  /** Steps per bar. */
  public int stepsPerBar() {
    return stepsPerBar;
  }

  /** Steps per quarter note. */
  public int stepsPerQuarter() {
    return stepsPerQuarter;
  }

  /** Appends an event; an implicit note-off at the old end is not added. */
  public void append(int event) {
    checkEvent(event);
    ensureCapacity(size + 1);
    events[size++] = event;
    endStep++;
  }

  private void ensureCapacity(int n) {
    if (events.length < n) {
      events = Arrays.copyOf(events, Math.max(n, events.length * 2));
    }
  }

  /**
   * Pads with no-events or truncates to {@code steps}. Extending on the right ends a note that was
   * still sounding with a note-off at the old end; truncating never adds one. With {@code fromLeft}
   * the front is padded or cut and {@link #startStep()} moves (as in note_seq, {@code steps == 0}
   * from the left removes nothing).
   */
  public void setLength(int steps, boolean fromLeft) {
    int oldLen = size;
    if (steps > size) {
      ensureCapacity(steps);
      if (fromLeft) {
        int pad = steps - size;
        System.arraycopy(events, 0, events, pad, size);
        Arrays.fill(events, 0, pad, MELODY_NO_EVENT);
      } else {
        Arrays.fill(events, size, steps, MELODY_NO_EVENT);
      }
      size = steps;
    } else if (fromLeft) {
      if (steps > 0) {
        System.arraycopy(events, size - steps, events, 0, steps);
        size = steps;
      }
    } else {
      size = steps;
    }
    if (fromLeft) {
      startStep = endStep - steps;
    } else {
      endStep = startStep + steps;
    }
    if (steps > oldLen && !fromLeft) {
      for (int i = oldLen - 1; i >= 0; i--) {
        if (events[i] == MELODY_NOTE_OFF) {
          break;
        } else if (events[i] != MELODY_NO_EVENT) {
          events[oldLen] = MELODY_NOTE_OFF;
          break;
        }
      }
    }
  }

  /** {@code setLength(steps, false)}. */
  public void setLength(int steps) {
    setLength(steps, false);
  }

  /** Count of note-ons per pitch class (C = 0 ... B = 11). */
  public int[] getNoteHistogram() {
    int[] h = new int[NOTES_PER_OCTAVE];
    for (int i = 0; i < size; i++) {
      if (events[i] >= MIN_MIDI_PITCH) {
        h[events[i] % NOTES_PER_OCTAVE]++;
      }
    }
    return h;
  }

  /** For each major key, how many note-ons fit it. */
  public int[] getMajorKeyHistogram() {
    int[] notes = getNoteHistogram();
    int[] keys = new int[NOTES_PER_OCTAVE];
    for (int pc = 0; pc < NOTES_PER_OCTAVE; pc++) {
      for (int key : MelodyConstants.noteKeys(pc)) {
        keys[key] += notes[pc];
      }
    }
    return keys;
  }

  /** The most likely major key (0 = C ... 11 = B); ties go to the lowest key. */
  public int getMajorKey() {
    int[] h = getMajorKeyHistogram();
    int best = 0;
    for (int k = 1; k < h.length; k++) {
      if (h[k] > h[best]) {
        best = k;
      }
    }
    return best;
  }

  /**
   * Transposes note-ons by {@code amount} semitones, folding notes outside {@code [minNote,
   * maxNote)} back in by octaves.
   */
  public void transpose(int amount, int minNote, int maxNote) {
    for (int i = 0; i < size; i++) {
      int e = events[i];
      if (e >= MIN_MIDI_PITCH) {
        int p = e + amount;
        if (p < minNote) {
          p = minNote + Math.floorMod(p - minNote, NOTES_PER_OCTAVE);
        } else if (p >= maxNote) {
          p = maxNote - NOTES_PER_OCTAVE + Math.floorMod(p - maxNote, NOTES_PER_OCTAVE);
        }
        events[i] = p;
      }
    }
  }

  /** {@code transpose(amount, 0, 128)}. */
  public void transpose(int amount) {
    transpose(amount, 0, 128);
  }

  /**
   * Transposes to {@code transposeToKey} (or not, if null) and centres the melody in {@code
   * [minNote, maxNote)}, folding what still falls outside; note_seq's {@code squash}.
   *
   * @return the transposition applied, in semitones
   */
  public int squash(int minNote, int maxNote, Integer transposeToKey) {
    int amount = 0;
    if (transposeToKey != null) {
      int keyDiff = transposeToKey - getMajorKey();
      int lo = Integer.MAX_VALUE;
      int hi = Integer.MIN_VALUE;
      for (int i = 0; i < size; i++) {
        if (events[i] >= MIN_MIDI_PITCH) {
          lo = Math.min(lo, events[i]);
          hi = Math.max(hi, events[i]);
        }
      }
      if (lo == Integer.MAX_VALUE) {
        return 0;
      }
      double melodyCenter = (lo + hi) / 2.0;
      double targetCenter = (minNote + maxNote - 1) / 2.0;
      double centerDiff = targetCenter - (melodyCenter + keyDiff);
      // Python 3 round(): half to even
      amount = keyDiff + 12 * (int) Math.rint(centerDiff / 12.0);
    }
    transpose(amount, minNote, maxNote);
    return amount;
  }

  /** Index of the most recent note-on and of the first note-off after it (or the length). */
  int[] lastOnOffEvents() {
    int lastOff = size;
    for (int i = size - 1; i >= 0; i--) {
      if (events[i] == MELODY_NOTE_OFF) {
        lastOff = i;
      }
      if (events[i] >= MIN_MIDI_PITCH) {
        return new int[] {i, lastOff};
      }
    }
    throw new IllegalStateException("No events in the stream");
  }

  /** Writes a note: pitch at {@code start}, note-off at {@code end}, no-events between. */
  void addNote(int pitch, int start, int end) {
    if (start >= end) {
      throw new IllegalArgumentException(
          "Start step does not precede end step: start=" + start + ", end=" + end);
    }
    setLength(end + 1);
    events[start] = pitch;
    events[end] = MELODY_NOTE_OFF;
    for (int i = start + 1; i < end; i++) {
      events[i] = MELODY_NO_EVENT;
    }
  }

  void reset(int newStartStep, int newStepsPerBar, int newStepsPerQuarter) {
    size = 0;
    startStep = newStartStep;
    endStep = newStartStep;
    stepsPerBar = newStepsPerBar;
    stepsPerQuarter = newStepsPerQuarter;
  }

  void setStartStep(int step) {
    startStep = step;
  }

  void setEndStep(int step) {
    endStep = step;
  }

  void removeLast() {
    size--;
  }

  /**
   * The melody as a NoteSequence, as note_seq's {@code to_sequence}: one tempo mark, 220 ticks per
   * quarter, no time signature; a note-on ends the previous note, a note still sounding at the end
   * ends there.
   *
   * @param velocity note velocity (note_seq: 100)
   * @param instrument instrument index
   * @param program General MIDI program
   * @param sequenceStartTime seconds added to every time
   * @param qpm tempo in quarter notes per minute
   */
  public NoteSequence toSequence(
      int velocity, int instrument, int program, double sequenceStartTime, double qpm) {
    double secondsPerStep = 60.0 / qpm / stepsPerQuarter;
    double offset = sequenceStartTime + startStep * secondsPerStep;
    java.util.List<NoteSequence.Note> notes = new ArrayList<>();
    int openPitch = -1;
    double openStart = 0;
    for (int step = 0; step < size; step++) {
      int e = events[step];
      double time = step * secondsPerStep + offset;
      if (e >= MIN_MIDI_PITCH || e == MELODY_NOTE_OFF) {
        if (openPitch >= 0) {
          notes.add(
              new NoteSequence.Note(
                  openPitch, velocity, openStart, time, instrument, program, false, -1, -1));
          openPitch = -1;
        }
        if (e >= MIN_MIDI_PITCH) {
          openPitch = e;
          openStart = time;
        }
      }
    }
    if (openPitch >= 0) {
      notes.add(
          new NoteSequence.Note(
              openPitch,
              velocity,
              openStart,
              size * secondsPerStep + offset,
              instrument,
              program,
              false,
              -1,
              -1));
    }
    double total = notes.isEmpty() ? 0 : notes.get(notes.size() - 1).endTime();
    return new NoteSequence(
        notes,
        java.util.List.of(new NoteSequence.Tempo(0, qpm)),
        java.util.List.of(),
        MelodyConstants.STANDARD_PPQ,
        total,
        0,
        0);
  }

  /** {@code toSequence(100, 0, 0, 0.0, qpm)}, as Magenta's generator calls it. */
  public NoteSequence toSequence(double qpm) {
    return toSequence(100, 0, 0, 0.0, qpm);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Melody m
        && Arrays.equals(events(), m.events())
        && startStep == m.startStep
        && endStep == m.endStep
        && stepsPerBar == m.stepsPerBar
        && stepsPerQuarter == m.stepsPerQuarter;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(events()) * 31 + startStep;
  }

  @Override
  public String toString() {
    return "Melody" + toList() + "@" + startStep;
  }
}
