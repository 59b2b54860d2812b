package org.musicgan.melody.events;

import static org.musicgan.melody.events.MelodyConstants.MELODY_NOTE_OFF;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.musicgan.melody.events.NoteSequence.Note;

/**
 * Extracts monophonic melodies from quantised sequences: note_seq's {@code
 * Melody.from_quantized_sequence} and Magenta's {@code extract_melodies}, with the statistics
 * Magenta's pipeline reports (what was discarded and why).
 */
public final class MelodyExtractor {

  /**
   * Extraction settings, named and defaulted as Magenta's {@code extract_melodies}.
   *
   * @param searchStartStep first step to look at
   * @param minBars shorter melodies are discarded
   * @param maxStepsTruncate longer melodies are truncated (0 = never)
   * @param maxStepsDiscard longer melodies are discarded (0 = never)
   * @param gapBars a silence this long (in bars) ends a melody
   * @param minUniquePitches melodies with fewer pitch classes are discarded
   * @param ignorePolyphonicNotes keep the highest of simultaneous notes instead of failing
   * @param padEnd pad each melody to a whole number of bars
   * @param filterDrums ignore drum notes
   */
  public record Options(
      int searchStartStep,
      int minBars,
      int maxStepsTruncate,
      int maxStepsDiscard,
      double gapBars,
      int minUniquePitches,
      boolean ignorePolyphonicNotes,
      boolean padEnd,
      boolean filterDrums) {

    /** {@code extract_melodies} defaults: 7 bars, gap 1 bar, 5 pitch classes, ignore polyphony. */
    public static final Options DEFAULTS = new Options(0, 7, 0, 0, 1.0, 5, true, false, true);

    /**
     * Magenta's {@code MelodyExtractor} pipeline stage for training: min 7 bars, max 512 steps
     * (truncated), 5 pitch classes, gap 1 bar, polyphonic tracks rejected.
     */
    public static final Options TRAINING = new Options(0, 7, 512, 0, 1.0, 5, false, false, true);

    /** Validates the settings. */
    public Options {
      if (searchStartStep < 0 || minBars < 0 || maxStepsTruncate < 0 || maxStepsDiscard < 0) {
        throw new IllegalArgumentException("step and bar counts must be >= 0");
      }
      if (!(gapBars > 0)) {
        throw new IllegalArgumentException("gapBars must be > 0, found " + gapBars);
      }
    }
  }

  /** What an extraction kept and dropped, by Magenta's counter names. */
  public static final class Stats {
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private final List<Integer> keptLengthsInBars = new ArrayList<>();

    /** Adds one to a counter. */
    public void increment(String name) {
      counters.merge(name, 1, Integer::sum);
    }

    /** Counter value, 0 if never incremented. */
    public int get(String name) {
      return counters.getOrDefault(name, 0);
    }

    /** All counters that were incremented. */
    public Map<String, Integer> counters() {
      return Map.copyOf(counters);
    }

    /** Lengths in bars of the melodies kept. */
    public List<Integer> keptLengthsInBars() {
      return List.copyOf(keptLengthsInBars);
    }

    /** Adds another extraction's counts to this one. */
    public void addAll(Stats other) {
      other.counters.forEach((k, v) -> counters.merge(k, v, Integer::sum));
      keptLengthsInBars.addAll(other.keptLengthsInBars);
    }

    @Override
    public String toString() {
      return counters.toString();
    }
  }

  /** Simultaneous notes where a monophonic line was required. */
  public static final class PolyphonicMelodyException extends Exception {
    private static final long serialVersionUID = 1L;

    PolyphonicMelodyException(String message) {
      super(message);
    }
  }

  private MelodyExtractor() {}

  /**
   * note_seq's {@code Melody.from_quantized_sequence}: the first melody of {@code instrument} at or
   * after {@code searchStartStep}, ending at a gap of {@code gapBars} bars.
   *
   * @throws PolyphonicMelodyException on simultaneous notes unless {@code ignorePolyphonicNotes}
   */
  public static Melody fromQuantizedSequence(
      NoteSequence qs,
      int searchStartStep,
      int instrument,
      double gapBars,
      boolean ignorePolyphonicNotes,
      boolean padEnd,
      boolean filterDrums)
      throws QuantizationException, PolyphonicMelodyException {
    requireQuantized(qs);
    int stepsPerBar = Quantizer.stepsPerBar(qs);
    Melody melody = new Melody();
    melody.reset(0, stepsPerBar, qs.stepsPerQuarter());
    List<Note> notes = new ArrayList<>();
    for (Note n : qs.notes()) {
      if (n.instrument() == instrument && n.quantizedStartStep() >= searchStartStep) {
        notes.add(n);
      }
    }
    notes.sort(
        Comparator.comparingInt(Note::quantizedStartStep)
            .thenComparing(Comparator.comparingInt(Note::pitch).reversed()));
    if (notes.isEmpty()) {
      return melody;
    }
    int firstStart = notes.get(0).quantizedStartStep();
    int melodyStartStep = firstStart - Math.floorMod(firstStart - searchStartStep, stepsPerBar);
    for (Note note : notes) {
      if (filterDrums && note.isDrum()) {
        continue;
      }
      if (note.velocity() == 0) {
        continue;
      }
      int startIndex = note.quantizedStartStep() - melodyStartStep;
      int endIndex = note.quantizedEndStep() - melodyStartStep;
      if (melody.length() == 0) {
        melody.addNote(note.pitch(), startIndex, endIndex);
        continue;
      }
      int[] lastOnOff = melody.lastOnOffEvents();
      int onDistance = startIndex - lastOnOff[0];
      int offDistance = startIndex - lastOnOff[1];
      if (onDistance == 0) {
        if (ignorePolyphonicNotes) {
          continue;
        }
        melody.reset(0, stepsPerBar, qs.stepsPerQuarter());
        throw new PolyphonicMelodyException("Polyphonic note at time " + note.startTime() + " s");
      } else if (onDistance < 0) {
        throw new PolyphonicMelodyException("Unexpected note: not in ascending order");
      }
      if (melody.length() > 0 && offDistance >= gapBars * stepsPerBar) {
        break;
      }
      melody.addNote(note.pitch(), startIndex, endIndex);
    }
    if (melody.length() == 0) {
      return melody;
    }
    melody.setStartStep(melodyStartStep);
    if (melody.get(-1) == MELODY_NOTE_OFF) {
      melody.removeLast();
    }
    int length = melody.length();
    if (padEnd) {
      length += Math.floorMod(-melody.length(), stepsPerBar);
    }
    melody.setLength(length);
    return melody;
  }

  /**
   * Magenta's {@code extract_melodies}: every melody of every instrument that passes the length and
   * pitch filters.
   *
   * @param qs a quantised sequence
   * @param options the filters
   * @param stats receives the counters ({@code melodies_discarded_too_short}, ...)
   */
  public static List<Melody> extractMelodies(NoteSequence qs, Options options, Stats stats)
      throws QuantizationException {
    requireQuantized(qs);
    int stepsPerBar = Quantizer.stepsPerBar(qs);
    List<Melody> melodies = new ArrayList<>();
    TreeSet<Integer> instruments = new TreeSet<>();
    for (Note n : qs.notes()) {
      instruments.add(n.instrument());
    }
    for (int instrument : instruments) {
      int start = options.searchStartStep();
      while (true) {
        Melody melody;
        try {
          melody =
              fromQuantizedSequence(
                  qs,
                  start,
                  instrument,
                  options.gapBars(),
                  options.ignorePolyphonicNotes(),
                  options.padEnd(),
                  options.filterDrums());
        } catch (PolyphonicMelodyException e) {
          stats.increment("polyphonic_tracks_discarded");
          break;
        }
        start =
            melody.endStep()
                + Math.floorMod(options.searchStartStep() - melody.endStep(), stepsPerBar);
        if (melody.length() == 0) {
          break;
        }
        if (melody.length() < stepsPerBar * options.minBars()) {
          stats.increment("melodies_discarded_too_short");
          continue;
        }
        if (options.maxStepsDiscard() > 0 && melody.length() > options.maxStepsDiscard()) {
          stats.increment("melodies_discarded_too_long");
          continue;
        }
        if (options.maxStepsTruncate() > 0 && melody.length() > options.maxStepsTruncate()) {
          int truncated = options.maxStepsTruncate();
          if (options.padEnd()) {
            truncated -= truncated % stepsPerBar;
          }
          melody.setLength(truncated);
          stats.increment("melodies_truncated");
        }
        int unique = 0;
        for (int c : melody.getNoteHistogram()) {
          unique += c > 0 ? 1 : 0;
        }
        if (unique < options.minUniquePitches()) {
          stats.increment("melodies_discarded_too_few_pitches");
          continue;
        }
        stats.keptLengthsInBars.add(melody.length() / stepsPerBar);
        stats.increment("melodies_kept");
        melodies.add(melody);
      }
    }
    return melodies;
  }

  private static void requireQuantized(NoteSequence qs) {
    if (!qs.isQuantized()) {
      throw new IllegalArgumentException("the NoteSequence is not quantized");
    }
  }
}
