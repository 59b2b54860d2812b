package org.musicgan.melody.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MelodyStatisticsTest {
  static int[] bars(int[]... bars) {
    int[] out = new int[bars.length * 16];
    for (int b = 0; b < bars.length; b++) {
      System.arraycopy(bars[b], 0, out, b * 16, 16);
    }
    return out;
  }

  static int[] bar(int pitch) {
    int[] b = new int[16];
    java.util.Arrays.fill(b, -2);
    b[0] = pitch;
    return b;
  }

  @Test
  void countsBarsRepeatingOneOrTwoBarsBack() {
    // A B A B C : bar 3 repeats bar 1 (two back), bar 4 repeats bar 2; bars 2 and 5 are new
    Melody m = new Melody(bars(bar(60), bar(62), bar(60), bar(62), bar(64)));
    assertEquals(0.5, MelodyStatistics.barRepetition(m), 1e-12);
    assertEquals(1.0, MelodyStatistics.barRepetition(new Melody(bars(bar(60), bar(60), bar(60)))));
    assertTrue(Double.isNaN(MelodyStatistics.barRepetition(new Melody(bar(60)))));
    assertEquals(3, MelodyStatistics.distinctPitches(m));
    assertEquals(
        0.75,
        MelodyStatistics.meanBarRepetition(
            List.of(m, new Melody(bars(bar(1), bar(1))), new Melody(bar(5)))),
        1e-12);
  }
}
