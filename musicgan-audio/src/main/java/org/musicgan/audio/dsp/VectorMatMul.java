package org.musicgan.audio.dsp;

import jdk.incubator.vector.FloatVector;
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

  /** Rows {@code b[from .. from + k)}, each of at least {@code n} entries, packed into panels. */
  static float[] pack(float[][] b, int from, int k, int n) {
    int panels = (n + W - 1) / W;
    float[] p = new float[panels * k * W];
    for (int r = 0; r < k; r++) { // each row read once, in order
      float[] row = b[from + r];
      for (int q = 0; q < panels; q++) {
        int j = q * W;
        int o = (q * k + r) * W;
        if (j + W <= n) {
          FloatVector.fromArray(S, row, j).intoArray(p, o);
          FloatVector.fromArray(S, row, j + L).intoArray(p, o + L);
        } else {
          System.arraycopy(row, j, p, o, n - j);
        }
      }
    }
    return p;
  }

  /** {@code c[i][0 .. n) += a[i][off .. off + k) · B} for {@code i < m}, B packed. */
  static void multiplyAdd(float[][] a, int off, float[][] c, int m, float[] panels, int k, int n) {
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
        for (int p = off, o = pb; p < off + k; p++, o += W) {
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
        for (int p = off, o = pb; p < off + k; p++, o += W) {
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
}
