package org.musicgan.melody.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.musicgan.melody.events.NoteSequence.Note;
import org.musicgan.melody.events.NoteSequence.Tempo;
import org.musicgan.melody.events.NoteSequence.TimeSignature;

/** note_seq's quantisation ({@code sequences_lib.quantize_note_sequence} and helpers). */
public final class Quantizer {
  /** note_seq's {@code QUANTIZE_CUTOFF}. */
  public static final double QUANTIZE_CUTOFF = 0.5;

  private Quantizer() {}

  /** {@code int(seconds * stepsPerSecond + (1 - cutoff))}, truncating like Python's int(). */
  public static int quantizeToStep(double seconds, double stepsPerSecond, double cutoff) {
    double steps = seconds * stepsPerSecond + (1 - cutoff);
    return (int) steps; // Java's cast truncates toward zero, as Python's int()
  }

  /** Steps per second at a tempo. */
  public static double stepsPerSecond(int stepsPerQuarter, double qpm) {
    return stepsPerQuarter * qpm / 60.0;
  }

  /**
   * Quantises relative to tempo: one tempo and one time signature allowed (4/4 and 120 qpm if
   * none), notes snapped with cutoff 0.5, zero-length notes stretched to one step.
   *
   * @throws QuantizationException as note_seq raises its errors
   */
  public static NoteSequence quantizeNoteSequence(NoteSequence seq, int stepsPerQuarter)
      throws QuantizationException {
    List<TimeSignature> ts = new ArrayList<>(seq.timeSignatures());
    ts.sort(Comparator.comparingDouble(TimeSignature::time));
    TimeSignature sig;
    if (ts.isEmpty()) {
      sig = new TimeSignature(0, 4, 4);
    } else {
      TimeSignature first = ts.get(0);
      if (first.time() != 0 && !(first.numerator() == 4 && first.denominator() == 4)) {
        throw new QuantizationException(
            QuantizationException.Kind.MULTIPLE_TIME_SIGNATURE,
            String.format(
                "implicit change from 4/4 to %d/%d at %.2f s",
                first.numerator(), first.denominator(), first.time()));
      }
      TimeSignature original = seq.timeSignatures().get(0);
      for (TimeSignature t : ts.subList(1, ts.size())) {
        if (t.numerator() != original.numerator() || t.denominator() != original.denominator()) {
          throw new QuantizationException(
              QuantizationException.Kind.MULTIPLE_TIME_SIGNATURE,
              String.format(
                  "time signature changes from %d/%d to %d/%d at %.2f s",
                  first.numerator(),
                  first.denominator(),
                  t.numerator(),
                  t.denominator(),
                  t.time()));
        }
      }
      sig = new TimeSignature(0, original.numerator(), original.denominator());
    }
    int d = sig.denominator();
    if (d <= 0 || (d & (d - 1)) != 0) {
      throw new QuantizationException(
          QuantizationException.Kind.BAD_TIME_SIGNATURE,
          "denominator is not a power of 2: " + sig.numerator() + "/" + d);
    }
    if (sig.numerator() == 0) {
      throw new QuantizationException(
          QuantizationException.Kind.BAD_TIME_SIGNATURE, "numerator is 0: 0/" + d);
    }
    List<Tempo> tempos = new ArrayList<>(seq.tempos());
    tempos.sort(Comparator.comparingDouble(Tempo::time));
    Tempo tempo;
    if (tempos.isEmpty()) {
      tempo = new Tempo(0, MelodyConstants.DEFAULT_QUARTERS_PER_MINUTE);
    } else {
      Tempo first = tempos.get(0);
      if (first.time() != 0 && first.qpm() != MelodyConstants.DEFAULT_QUARTERS_PER_MINUTE) {
        throw new QuantizationException(
            QuantizationException.Kind.MULTIPLE_TEMPO,
            String.format(
                "implicit tempo change from 120.0 qpm to %.1f qpm at %.2f s",
                first.qpm(), first.time()));
      }
      Tempo original = seq.tempos().get(0);
      for (Tempo t : tempos.subList(1, tempos.size())) {
        if (t.qpm() != original.qpm()) {
          throw new QuantizationException(
              QuantizationException.Kind.MULTIPLE_TEMPO,
              String.format(
                  "tempo changes from %.1f qpm to %.1f qpm at %.2f s",
                  first.qpm(), t.qpm(), t.time()));
        }
      }
      tempo = new Tempo(0, original.qpm());
    }
    double sps = stepsPerSecond(stepsPerQuarter, tempo.qpm());
    int total = quantizeToStep(seq.totalTime(), sps, QUANTIZE_CUTOFF);
    List<Note> notes = new ArrayList<>(seq.notes().size());
    for (Note n : seq.notes()) {
      int start = quantizeToStep(n.startTime(), sps, QUANTIZE_CUTOFF);
      int end = quantizeToStep(n.endTime(), sps, QUANTIZE_CUTOFF);
      if (end == start) {
        end++;
      }
      if (start < 0 || end < 0) {
        throw new QuantizationException(
            QuantizationException.Kind.NEGATIVE_TIME,
            "negative note time: start_step = " + start + ", end_step = " + end);
      }
      total = Math.max(total, end);
      notes.add(n.withSteps(start, end));
    }
    return new NoteSequence(
        notes,
        List.of(tempo),
        List.of(sig),
        seq.ticksPerQuarter(),
        seq.totalTime(),
        stepsPerQuarter,
        total);
  }

  /**
   * Steps per bar of a quantised sequence.
   *
   * @throws QuantizationException if it is not an integer
   */
  public static int stepsPerBar(NoteSequence quantized) throws QuantizationException {
    TimeSignature sig =
        quantized.timeSignatures().isEmpty()
            ? new TimeSignature(0, 4, 4)
            : quantized.timeSignatures().get(0);
    double stepsPerBar = quantized.stepsPerQuarter() * (4.0 / sig.denominator()) * sig.numerator();
    if (stepsPerBar != Math.floor(stepsPerBar)) {
      throw new QuantizationException(
          QuantizationException.Kind.NON_INTEGER_STEPS_PER_BAR,
          "there are " + stepsPerBar + " timesteps per bar");
    }
    return (int) stepsPerBar;
  }
}
