package org.musicgan.melody.rnn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels behind {@link AttentionMath}. Loaded only when {@code
 * jdk.incubator.vector} is present, so nothing else may refer to it directly.
 */
final class VectorAttentionMath {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorAttentionMath() {}

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
