package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.musicgan.audio.testing.TestSignals.uniformRows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttentionMathTest {

  /** The attention-score helpers, vector and scalar, against double precision (with tails). */
  @ParameterizedTest
  @CsvSource({"128", "13", "3"})
  void attentionHelpersEqualDoublePrecision(int n) {
    SplittableRandom rng = new SplittableRandom(n);
    float[] v = uniformRows(rng, 1, n)[0];
    float[] p = uniformRows(rng, 1, n)[0];
    float[] y = uniformRows(rng, 1, n)[0];
    for (int j = 0; j < n; j++) {
      p[j] *= 6; // through tanh's curved part and its clamp
    }
    double score = 0;
    double dot = 0;
    for (int j = 0; j < n; j++) {
      score += v[j] * Math.tanh(p[j] + (double) y[j]);
      dot += (double) v[j] * p[j];
    }
    for (boolean vector : new boolean[] {true, false}) {
      float[] scratch = new float[n];
      assertEquals(score, AttentionMath.attentionScore(v, p, y, scratch, vector), 1e-5 * n);
      assertEquals(dot, AttentionMath.dot(v, p, scratch, vector), 1e-5 * n);
      float[] t = new float[n];
      AttentionMath.tanhOfSum(p, y, t, vector);
      for (int j = 0; j < n; j++) {
        assertEquals(Math.tanh(p[j] + (double) y[j]), t[j], 1e-6, "vector=" + vector);
      }
    }
  }
}
