package org.musicgan.melody.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an unquantised sequence wherever its tempo or time signature really changes, as note_seq's
 * {@code split_note_sequence_on_time_changes} does for the {@code TimeChangeSplitter} stage of
 * Magenta's melody pipeline (with {@code skip_splits_inside_notes=False}): each piece has one tempo
 * and one time signature and starts at time zero, so it can be quantised.
 *
 * <p>Rules, as note_seq's: marks at or after the end are ignored, a mark repeating the current
 * value (4/4 and 120 qpm at first) is no change; notes belong to the piece they start in and are
 * cut at its end; each piece gets the tempo and time signature in force at its start, at time 0,
 * plus the (repeated) marks inside it; a piece's total time is the end of its last note. Checked
 * against note_seq's own output on 60 random sequences ({@code time_change_golden.json}).
 */
public final class TimeChangeSplitter {
  private TimeChangeSplitter() {}

  /**
   * The pieces of {@code ns} (empty if it has no length).
   *
   * @throws IllegalArgumentException if {@code ns} is quantised
   */
  public static List<NoteSequence> split(NoteSequence ns) {
    if (ns.isQuantized()) {
      throw new IllegalArgumentException("only unquantised sequences can be split");
    }
    record Mark(double time, boolean isTempo, double qpm, int numerator, int denominator) {}
    List<Mark> marks = new ArrayList<>();
    for (NoteSequence.TimeSignature ts : ns.timeSignatures()) {
      marks.add(new Mark(ts.time(), false, 0, ts.numerator(), ts.denominator()));
    }
    for (NoteSequence.Tempo t : ns.tempos()) {
      marks.add(new Mark(t.time(), true, t.qpm(), 0, 0));
    }
    marks.sort(Comparator.comparingDouble(Mark::time)); // stable, as Python's sorted
    int numerator = 4;
    int denominator = 4;
    double qpm = MelodyConstants.DEFAULT_QUARTERS_PER_MINUTE;
    List<Double> splits = new ArrayList<>(List.of(0.0));
    for (Mark m : marks) {
      if (!(m.time() < ns.totalTime())) {
        continue;
      }
      if (m.isTempo()
          ? m.qpm() == qpm
          : m.numerator() == numerator && m.denominator() == denominator) {
        continue;
      }
      if (m.time() > splits.get(splits.size() - 1)) {
        splits.add(m.time());
      }
      if (m.isTempo()) {
        qpm = m.qpm();
      } else {
        numerator = m.numerator();
        denominator = m.denominator();
      }
    }
    if (ns.totalTime() > splits.get(splits.size() - 1)) {
      splits.add(ns.totalTime());
    }
    return splits.size() > 1 ? extract(ns, splits) : List.of();
  }

  /** note_seq's {@code _extract_subsequences} for notes, tempos and time signatures. */
  static List<NoteSequence> extract(NoteSequence ns, List<Double> splits) {
    int pieces = splits.size() - 1;
    List<List<NoteSequence.Note>> notes = new ArrayList<>();
    double[] total = new double[pieces];
    for (int i = 0; i < pieces; i++) {
      notes.add(new ArrayList<>());
    }
    List<NoteSequence.Note> byStart = new ArrayList<>(ns.notes());
    byStart.sort(Comparator.comparingDouble(NoteSequence.Note::startTime));
    int k = -1;
    for (NoteSequence.Note n : byStart) {
      if (n.startTime() < splits.get(0)) {
        continue;
      }
      while (k < splits.size() - 1 && n.startTime() >= splits.get(k + 1)) {
        k++;
      }
      if (k == splits.size() - 1) {
        break;
      }
      double from = splits.get(k);
      double end = Math.min(n.endTime(), splits.get(k + 1)) - from;
      notes
          .get(k)
          .add(
              new NoteSequence.Note(
                  n.pitch(),
                  n.velocity(),
                  n.startTime() - from,
                  end,
                  n.instrument(),
                  n.program(),
                  n.isDrum(),
                  -1,
                  -1));
      total[k] = Math.max(total[k], end);
    }
    List<List<NoteSequence.Tempo>> tempos =
        stateful(
            ns.tempos(),
            splits,
            NoteSequence.Tempo::time,
            (t, time) -> new NoteSequence.Tempo(time, t.qpm()));
    List<List<NoteSequence.TimeSignature>> signatures =
        stateful(
            ns.timeSignatures(),
            splits,
            NoteSequence.TimeSignature::time,
            (t, time) -> new NoteSequence.TimeSignature(time, t.numerator(), t.denominator()));
    List<NoteSequence> out = new ArrayList<>(pieces);
    for (int i = 0; i < pieces; i++) {
      out.add(
          new NoteSequence(
              notes.get(i),
              tempos.get(i),
              signatures.get(i),
              ns.ticksPerQuarter(),
              total[i],
              0,
              0));
    }
    return out;
  }

  /**
   * Distributes state marks (tempos, time signatures): the mark in force at a piece's start is
   * repeated at its time 0, marks strictly inside a piece keep their (shifted) time.
   */
  private static <T> List<List<T>> stateful(
      List<T> marks,
      List<Double> splits,
      java.util.function.ToDoubleFunction<T> time,
      java.util.function.BiFunction<T, Double, T> at) {
    int pieces = splits.size() - 1;
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < pieces; i++) {
      out.add(new ArrayList<>());
    }
    List<T> sorted = new ArrayList<>(marks);
    sorted.sort(Comparator.comparingDouble(time));
    T previous = null;
    int k = -1;
    for (T m : sorted) {
      double t = time.applyAsDouble(m);
      if (t <= splits.get(0)) {
        previous = m;
        continue;
      }
      while (k < splits.size() - 1 && t > splits.get(k + 1)) {
        k++;
        if (k == splits.size() - 1) {
          break;
        }
        if (previous != null) {
          out.get(k).add(at.apply(previous, 0.0));
        }
      }
      if (k == splits.size() - 1) {
        break;
      }
      if (t < splits.get(k + 1)) {
        out.get(k).add(at.apply(m, t - splits.get(k)));
      }
      previous = m;
    }
    while (k < splits.size() - 2) {
      k++;
      if (previous != null) {
        out.get(k).add(at.apply(previous, 0.0));
      }
    }
    return out;
  }
}
