package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
  static List<double[]> gaussian(int n, double[] mean, double[] std, long seed) {
    Random r = new Random(seed);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] v = new double[mean.length];
      for (int k = 0; k < v.length; k++) {
        v[k] = mean[k] + std[k] * r.nextGaussian();
      }
      out.add(v);
    }
    return out;
  }

  @Test
  void closedFormForDiagonalGaussians() {
    // N(m1, diag(s1^2)) vs N(m2, diag(s2^2)): |m1-m2|^2 + sum (s1 - s2)^2
    double[] m1 = {0, 1, 2};
    double[] m2 = {1, 1, 0};
    double[] s1 = {1, 2, 0.5};
    double[] s2 = {2, 1, 0.5};
    double expected = 1 + 0 + 4 + 1 + 1 + 0;
    double got = FrechetDistance.between(gaussian(40000, m1, s1, 1), gaussian(40000, m2, s2, 2));
    assertEquals(expected, got, 0.15);
  }

  @Test
  void identicalSetsAreAtZeroAndEigenDecompositionIsExact() {
    List<double[]> a = gaussian(50, new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 3}, 3);
    assertEquals(0, FrechetDistance.between(a, a), 1e-8);
    double[][] m = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
    double[][] v = new double[3][3];
    double[] ev = FrechetDistance.eigen(m, v);
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < 3; i++) {
        double mv = 0;
        for (int j = 0; j < 3; j++) {
          mv += m[i][j] * v[j][k];
        }
        assertEquals(ev[k] * v[i][k], mv, 1e-10);
      }
    }
    double[][] s = FrechetDistance.sqrtPsd(m);
    double[][] ss = FrechetDistance.multiply(s, s);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(m[i][j], ss[i][j], 1e-10);
      }
    }
    assertTrue(
        FrechetDistance.between(
                a, gaussian(50, new double[] {3, 2, 3, 4}, new double[] {1, 1, 2, 3}, 4))
            > 2);
  }
}
