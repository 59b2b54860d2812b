package org.musicgan.melody.rnn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels behind {@link SmallMatMul}. Loaded only when {@code jdk.incubator.vector}
 * is present, so nothing else may refer to it directly.
 *
 * <p>{@code B [k][n]} is packed into panels of {@code 2L} columns ({@code L} floats per vector),
 * each panel stored row after row ({@code [panel][k][2L]}, the last one zero-padded), so the kernel
 * reads it sequentially. The kernel keeps a 4-row × 2-vector block of {@code C} in eight registers
 * for the whole of {@code k} and broadcasts one element of each of the four {@code A} rows per
 * step: two loads of {@code B} serve eight fused multiply-adds.
 */
final class VectorMatMul {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int W = 2 * L;

  private VectorMatMul() {}

  static float[] pack(float[][] b) {
    int k = b.length;
    int n = b[0].length;
    int panels = (n + W - 1) / W;
    float[] p = new float[panels * k * W];
    for (int q = 0; q < panels; q++) {
      int j = q * W;
      int width = Math.min(W, n - j);
      for (int r = 0; r < k; r++) {
        System.arraycopy(b[r], j, p, (q * k + r) * W, width);
      }
    }
    return p;
  }

  static void multiplyAdd(float[][] a, float[][] c, int m, float[] panels, int k, int n) {
    float[] tail = null;
    for (int j = 0, q = 0; j < n; j += W, q++) {
      int pb = q * k * W;
      if (j + W > n && tail == null) {
        tail = new float[W];
      }
      int i = 0;
      for (; i + 3 < m; i += 4) {
        float[] a0 = a[i];
        float[] a1 = a[i + 1];
        float[] a2 = a[i + 2];
        float[] a3 = a[i + 3];
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0, o = pb; p < k; p++, o += W) {
          FloatVector b0 = FloatVector.fromArray(S, panels, o);
          FloatVector b1 = FloatVector.fromArray(S, panels, o + L);
          FloatVector x = FloatVector.broadcast(S, a0[p]);
          c00 = x.fma(b0, c00);
          c01 = x.fma(b1, c01);
          x = FloatVector.broadcast(S, a1[p]);
          c10 = x.fma(b0, c10);
          c11 = x.fma(b1, c11);
          x = FloatVector.broadcast(S, a2[p]);
          c20 = x.fma(b0, c20);
          c21 = x.fma(b1, c21);
          x = FloatVector.broadcast(S, a3[p]);
          c30 = x.fma(b0, c30);
          c31 = x.fma(b1, c31);
        }
        add(c00, c01, c[i], j, n, tail);
        add(c10, c11, c[i + 1], j, n, tail);
        add(c20, c21, c[i + 2], j, n, tail);
        add(c30, c31, c[i + 3], j, n, tail);
      }
      for (; i < m; i++) {
        float[] a0 = a[i];
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        for (int p = 0, o = pb; p < k; p++, o += W) {
          FloatVector x = FloatVector.broadcast(S, a0[p]);
          c00 = x.fma(FloatVector.fromArray(S, panels, o), c00);
          c01 = x.fma(FloatVector.fromArray(S, panels, o + L), c01);
        }
        add(c00, c01, c[i], j, n, tail);
      }
    }
  }

  /** {@code row[j .. j + 2L) += (lo, hi)}, cut at {@code n}. */
  private static void add(FloatVector lo, FloatVector hi, float[] row, int j, int n, float[] tail) {
    if (j + W <= n) {
      lo.add(FloatVector.fromArray(S, row, j)).intoArray(row, j);
      hi.add(FloatVector.fromArray(S, row, j + L)).intoArray(row, j + L);
    } else {
      lo.intoArray(tail, 0);
      hi.intoArray(tail, L);
      for (int t = 0; j + t < n; t++) {
        row[j + t] += tail[t];
      }
    }
  }

  /** {@code sum_j v[j] tanh(p[j] + y[j])}, tanh as {@link FastLstmStepper#tanh}. */
  static double attentionScore(float[] v, float[] p, float[] y) {
    int n = v.length;
    int j = 0;
    FloatVector acc = FloatVector.zero(S);
    for (; j + L <= n; j += L) {
      FloatVector t = tanh(FloatVector.fromArray(S, p, j).add(FloatVector.fromArray(S, y, j)));
      acc = t.fma(FloatVector.fromArray(S, v, j), acc);
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (; j < n; j++) {
      sum += v[j] * FastLstmStepper.tanh(p[j] + y[j]);
    }
    return sum;
  }

  /** {@code out[j] = tanh(p[j] + y[j])}. */
  static void tanhOfSum(float[] p, float[] y, float[] out) {
    int n = out.length;
    int j = 0;
    for (; j + L <= n; j += L) {
      tanh(FloatVector.fromArray(S, p, j).add(FloatVector.fromArray(S, y, j))).intoArray(out, j);
    }
    for (; j < n; j++) {
      out[j] = FastLstmStepper.tanh(p[j] + y[j]);
    }
  }

  /** {@code sum_j a[j] b[j]} over {@code a.length}. */
  static double dot(float[] a, float[] b) {
    int n = a.length;
    int j = 0;
    FloatVector acc = FloatVector.zero(S);
    for (; j + L <= n; j += L) {
      acc = FloatVector.fromArray(S, a, j).fma(FloatVector.fromArray(S, b, j), acc);
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (; j < n; j++) {
      sum += a[j] * b[j];
    }
    return sum;
  }

  /** {@link FastLstmStepper#tanh}'s rational function, lane by lane (with fused multiply-adds). */
  private static FloatVector tanh(FloatVector x) {
    FloatVector c = x.max(-7.90531110763549805f).min(7.90531110763549805f);
    FloatVector x2 = c.mul(c);
    FloatVector p = x2.fma(-2.76076847742355e-16f, 2.00018790482477e-13f);
    p = p.fma(x2, FloatVector.broadcast(S, -8.60467152213735e-11f));
    p = p.fma(x2, FloatVector.broadcast(S, 5.12229709037114e-08f));
    p = p.fma(x2, FloatVector.broadcast(S, 1.48572235717979e-05f));
    p = p.fma(x2, FloatVector.broadcast(S, 6.37261928875436e-04f));
    p = p.fma(x2, FloatVector.broadcast(S, 4.89352455891786e-03f));
    FloatVector q = x2.fma(1.19825839466702e-06f, 1.18534705686654e-04f);
    q = q.fma(x2, FloatVector.broadcast(S, 2.26843463243900e-03f));
    q = q.fma(x2, FloatVector.broadcast(S, 4.89352518554385e-03f));
    return c.mul(p).div(q);
  }
}
