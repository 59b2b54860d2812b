package org.musicgan.melody.rnn;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.musicgan.audio.dsp.Parallel;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's inverted {@link Dropout} (keep each input with probability p and scale it by 1/p, else
 * zero; the gradient masked the same way) on the time-major float rows of {@link FastLstmLayer} and
 * {@link FastRnnOutputLayer}, where DL4J M2.1 fills a mask array with its native random op, then
 * multiplies (about 12 ms per 128 × 128 × 128 activation on the build machine, a tenth of the
 * basic_rnn training step).
 *
 * <p>The random numbers differ from DL4J's, the distribution does not: each element is kept when a
 * 24-bit uniform number (from a SplitMix64 stream per row, seeded by one {@code long} drawn from
 * ND4J's global generator, which DL4J's dropout draws from too) is below {@code p·2²⁴}. The mask
 * therefore depends only on the ND4J seed and the row index, not on how many cores the rows are
 * split over.
 */
final class RowDropout {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private final long threshold; // keep when the 24-bit number is below it: ceil(p 2^24)
  private final float scale;
  private final long seed;

  private RowDropout(double keep, long seed) {
    this.threshold = (long) Math.ceil(keep * (1 << 24));
    this.scale = (float) (1.0 / keep);
    this.seed = seed;
  }

  /**
   * The dropout for a layer's configured {@code dropout}: null when there is none or it keeps
   * everything; otherwise a new mask seeded from ND4J's generator. Only call when {@link #supports}
   * holds.
   */
  static RowDropout draw(IDropout dropout) {
    if (dropout == null) {
      return null;
    }
    double p = ((Dropout) dropout).getP();
    return p >= 1 ? null : new RowDropout(p, Nd4j.getRandom().nextLong());
  }

  /** Whether {@code dropout} is none or DL4J's plain {@link Dropout} with a fixed probability. */
  static boolean supports(IDropout dropout) {
    return dropout == null
        || (dropout.getClass() == Dropout.class
            && ((Dropout) dropout).getPSchedule() == null
            && ((Dropout) dropout).getP() > 0);
  }

  /** Multiplies every row in place by its mask (0 or 1/p per element). */
  void apply(float[][] rows) {
    int count = rows.length;
    long work = (long) count * rows[0].length;
    int parts = Math.min(count, Parallel.parts(work));
    Parallel.forEach(
        parts,
        work,
        part -> {
          for (int r = part * count / parts; r < (part + 1) * count / parts; r++) {
            maskRow(rows[r], r);
          }
        });
  }

  /** The gradient through the dropout: the same as {@link #apply} (the mask is regenerated). */
  void backprop(float[][] rows) {
    apply(rows);
  }

  /**
   * Row {@code r}'s mask applied to {@code row}: two 24-bit numbers per 64-bit draw, each compared
   * with the threshold without a branch (a branch on a coin flip is mispredicted half the time,
   * which made this loop cost as much as an LSTM layer's time loop).
   */
  private void maskRow(float[] row, int r) {
    long state = mix(seed + (r + 1L) * GOLDEN); // a well-mixed start: its own stream per row
    int n = row.length;
    int j = 0;
    for (; j + 1 < n; j += 2) {
      state += GOLDEN;
      long z = mix(state);
      row[j] *= scale * (((z >>> 40) - threshold) >>> 63); // 1 when kept, else 0
      row[j + 1] *= scale * ((((z >>> 8) & 0xFFFFFF) - threshold) >>> 63);
    }
    if (j < n) {
      long z = mix(state + GOLDEN);
      row[j] *= scale * (((z >>> 40) - threshold) >>> 63);
    }
  }

  /** SplitMix64's output function (Steele, Lea and Flood, 2014). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
