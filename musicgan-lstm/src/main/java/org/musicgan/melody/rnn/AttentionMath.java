package org.musicgan.melody.rnn;

import org.musicgan.audio.dsp.SmallMatMul;

/**
 * attention_rnn's per-slot helpers ({@code tanh} of a sum, dot products, the attention score) on
 * the JDK's incubating Vector API when it is present ({@link SmallMatMul#VECTOR}), else in loops C2
 * vectorises; both give the same values up to float rounding order.
 */
final class AttentionMath {
  private AttentionMath() {}

  /**
   * attention_rnn's score of one window slot, {@code sum_j v[j] tanh(p[j] + y[j])} (tanh as {@link
   * FastLstmStepper#tanh}); {@code scratch} holds n floats.
   */
  static double attentionScore(float[] v, float[] p, float[] y, float[] scratch) {
    return attentionScore(v, p, y, scratch, SmallMatMul.VECTOR);
  }

  /** The same with the implementation chosen by the caller (for tests). */
  static double attentionScore(float[] v, float[] p, float[] y, float[] scratch, boolean vector) {
    if (vector) {
      return VectorAttentionMath.attentionScore(v, p, y);
    }
    for (int j = 0; j < v.length; j++) { // vectorised by C2
      scratch[j] = v[j] * FastLstmStepper.tanh(p[j] + y[j]);
    }
    return FastLstmStepper.sum(scratch);
  }

  /** {@code out[j] = tanh(p[j] + y[j])}. */
  static void tanhOfSum(float[] p, float[] y, float[] out) {
    tanhOfSum(p, y, out, SmallMatMul.VECTOR);
  }

  /** The same with the implementation chosen by the caller (for tests). */
  static void tanhOfSum(float[] p, float[] y, float[] out, boolean vector) {
    if (vector) {
      VectorAttentionMath.tanhOfSum(p, y, out);
      return;
    }
    for (int j = 0; j < out.length; j++) {
      out[j] = FastLstmStepper.tanh(p[j] + y[j]);
    }
  }

  /** {@code sum_j a[j] b[j]}; {@code scratch} holds a.length floats. */
  static double dot(float[] a, float[] b, float[] scratch) {
    return dot(a, b, scratch, SmallMatMul.VECTOR);
  }

  /** The same with the implementation chosen by the caller (for tests). */
  static double dot(float[] a, float[] b, float[] scratch, boolean vector) {
    if (vector) {
      return VectorAttentionMath.dot(a, b);
    }
    for (int j = 0; j < a.length; j++) {
      scratch[j] = a[j] * b[j];
    }
    return FastLstmStepper.sum(scratch);
  }
}
