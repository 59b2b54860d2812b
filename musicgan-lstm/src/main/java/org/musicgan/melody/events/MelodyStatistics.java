package org.musicgan.melody.events;

import java.util.Arrays;
import java.util.List;

/**
 * Simple structure measures for melodies, to check claims such as Magenta's "lookback_rnn and
 * attention_rnn wander less": how often a bar repeats the bar one or two bars earlier.
 */
public final class MelodyStatistics {
  private MelodyStatistics() {}

  /**
   * Fraction of bars (from the second on) whose events equal those of the bar one bar earlier or
   * two bars earlier. A melody of fewer than two full bars gives NaN.
   */
  public static double barRepetition(Melody melody) {
    int spb = melody.stepsPerBar();
    int bars = melody.length() / spb;
    if (bars < 2) {
      return Double.NaN;
    }
    int[] ev = melody.events();
    int repeats = 0;
    for (int b = 1; b < bars; b++) {
      int[] bar = Arrays.copyOfRange(ev, b * spb, (b + 1) * spb);
      boolean one = Arrays.equals(bar, Arrays.copyOfRange(ev, (b - 1) * spb, b * spb));
      boolean two =
          b >= 2 && Arrays.equals(bar, Arrays.copyOfRange(ev, (b - 2) * spb, (b - 1) * spb));
      repeats += one || two ? 1 : 0;
    }
    return repeats / (double) (bars - 1);
  }

  /** Mean {@link #barRepetition} over melodies (those shorter than two bars are skipped). */
  public static double meanBarRepetition(List<Melody> melodies) {
    return melodies.stream()
        .mapToDouble(MelodyStatistics::barRepetition)
        .filter(d -> !Double.isNaN(d))
        .average()
        .orElse(Double.NaN);
  }

  /** Number of distinct pitches among the note-ons. */
  public static int distinctPitches(Melody melody) {
    return (int) Arrays.stream(melody.events()).filter(e -> e >= 0).distinct().count();
  }
}
