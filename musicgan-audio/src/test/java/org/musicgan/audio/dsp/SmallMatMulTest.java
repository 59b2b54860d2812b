package org.musicgan.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.musicgan.audio.testing.TestSignals.uniformRows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmallMatMulTest {

  @Test
  void testsRunWithTheVectorKernel() {
    // the build's surefire argLine adds jdk.incubator.vector: the kernel below is the one checked
    assertTrue(SmallMatMul.VECTOR, "run the tests with --add-modules jdk.incubator.vector");
  }

  /** Shapes with and without row/column tails (4 rows per block, 2 vectors of columns). */
  @ParameterizedTest
  @CsvSource({"128,128,128", "5,7,3", "1,128,512", "13,40,74", "4,1,17", "3,33,33"})
  void vectorAndScalarEqualTheDoubleProduct(int m, int k, int n) {
    SplittableRandom rng = new SplittableRandom(m * 31L + k * 7L + n);
    float[][] a = uniformRows(rng, m, k + 3); // longer rows: only the first k entries count
    float[][] b = uniformRows(rng, k, n);
    float[][] c0 = uniformRows(rng, m, n);
    SmallMatMul.Packed packed = SmallMatMul.pack(b);
    for (boolean vector : new boolean[] {true, false}) {
      float[][] c = new float[m][];
      for (int i = 0; i < m; i++) {
        c[i] = c0[i].clone();
      }
      SmallMatMul.multiplyAdd(a, c, m, packed, vector);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double want = c0[i][j];
          for (int p = 0; p < k; p++) {
            want += (double) a[i][p] * b[p][j];
          }
          assertEquals(want, c[i][j], 1e-5 * (1 + k), "vector=" + vector + " at " + i + "," + j);
        }
      }
    }
  }

  /**
   * {@code Aᵀ B} over a range of a long dimension: left rows read from an offset, right rows packed
   * from a range of longer rows (the LSTM's weight gradients, chunk by chunk).
   */
  @ParameterizedTest
  @CsvSource({"128,128,128,200,37", "5,7,3,9,2", "13,40,20,41,1"})
  void offsetsAndPackedRangesEqualTheDoubleProduct(int m, int k, int n, int width, int from) {
    SplittableRandom rng = new SplittableRandom(m * 31L + k * 7L + n);
    float[][] a = uniformRows(rng, m, from + k + 2);
    float[][] b = uniformRows(rng, from + k + 3, width); // rows longer than n
    float[][] c0 = uniformRows(rng, m, n);
    SmallMatMul.Packed packed = SmallMatMul.pack(b, from, k, n);
    for (boolean vector : new boolean[] {true, false}) {
      float[][] c = new float[m][];
      for (int i = 0; i < m; i++) {
        c[i] = c0[i].clone();
      }
      SmallMatMul.multiplyAdd(a, from, c, m, packed, vector);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double want = c0[i][j];
          for (int p = 0; p < k; p++) {
            want += (double) a[i][from + p] * b[from + p][j];
          }
          assertEquals(want, c[i][j], 1e-5 * (1 + k), "vector=" + vector + " at " + i + "," + j);
        }
      }
    }
  }

  @Test
  void onlyTheFirstMRowsAreTouched() {
    SplittableRandom rng = new SplittableRandom(3);
    float[][] a = uniformRows(rng, 6, 8);
    SmallMatMul.Packed b = SmallMatMul.pack(uniformRows(rng, 8, 20));
    float[][] c = new float[6][20];
    SmallMatMul.multiplyAdd(a, c, 5, b);
    for (float v : c[5]) {
      assertEquals(0f, v);
    }
    assertTrue(c[4][19] != 0f);
  }
}
