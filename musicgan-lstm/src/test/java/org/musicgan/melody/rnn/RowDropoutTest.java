package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.dropout.AlphaDropout;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class RowDropoutTest {
  private static float[][] ones(int rows, int cols) {
    float[][] a = new float[rows][cols];
    for (float[] row : a) {
      java.util.Arrays.fill(row, 1f);
    }
    return a;
  }

  private static float[][] mask(double keep, long seed, int rows, int cols) {
    Nd4j.getRandom().setSeed(seed);
    float[][] a = ones(rows, cols);
    RowDropout.draw(new Dropout(keep)).apply(a);
    return a;
  }

  @Test
  void keepsAboutPOfTheInputsScaledByOneOverP() {
    for (double keep : new double[] {0.5, 0.8}) {
      float[][] m = mask(keep, 1, 600, 101); // odd width: the last draw's second half unused
      long kept = 0;
      for (float[] row : m) {
        for (float v : row) {
          assertTrue(v == 0f || v == (float) (1 / keep), "value " + v);
          kept += v == 0f ? 0 : 1;
        }
      }
      double n = 600 * 101;
      double sd = Math.sqrt(n * keep * (1 - keep));
      assertEquals(n * keep, kept, 5 * sd, "kept at keep=" + keep);
    }
  }

  @Test
  void rowsAndPositionsAreIndependent() {
    float[][] m = mask(0.5, 2, 400, 128);
    // agreement between neighbouring rows, and between a row and itself shifted, is about 1/2
    long sameRow = 0;
    long sameShift = 0;
    long pairs = 0;
    for (int r = 0; r + 1 < m.length; r++) {
      for (int j = 0; j + 4 < 128; j++) {
        sameRow += m[r][j] == m[r + 1][j] ? 1 : 0;
        sameShift += m[r][j] == m[r + 1][j + 4] ? 1 : 0;
        pairs++;
      }
    }
    double sd = Math.sqrt(pairs * 0.25);
    assertEquals(pairs / 2.0, sameRow, 5 * sd);
    assertEquals(pairs / 2.0, sameShift, 5 * sd);
  }

  @Test
  void theMaskFollowsTheNd4jSeedAndBackpropUsesTheSameOne() {
    assertArrayEquals(mask(0.5, 3, 50, 30), mask(0.5, 3, 50, 30));
    assertFalse(java.util.Arrays.deepEquals(mask(0.5, 3, 50, 30), mask(0.5, 4, 50, 30)));
    Nd4j.getRandom().setSeed(5);
    RowDropout d = RowDropout.draw(new Dropout(0.7));
    float[][] forward = ones(50, 30);
    float[][] backward = ones(50, 30);
    d.apply(forward);
    d.backprop(backward);
    assertArrayEquals(forward, backward);
  }

  @Test
  void onlyDl4jsPlainFixedDropoutIsTaken() {
    assertTrue(RowDropout.supports(null));
    assertTrue(RowDropout.supports(new Dropout(0.5)));
    assertFalse(RowDropout.supports(new AlphaDropout(0.5)));
    assertFalse(
        RowDropout.supports(
            new Dropout(new ExponentialSchedule(ScheduleType.ITERATION, 0.9, 0.99))));
    assertNull(RowDropout.draw(null));
    assertNull(RowDropout.draw(new Dropout(1.0)));
  }
}
