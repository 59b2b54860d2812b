package org.musicgan.melody.rnn;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.musicgan.audio.dsp.SmallMatMul;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of the trained LSTM stack + softmax on plain float arrays, for generation: the same
 * arithmetic as DL4J's {@code LSTM} layer (and {@link AttentionLstmLayer} when the first layer is
 * attention_rnn's attention cell) at inference (gate blocks ordered candidate, forget, output,
 * input; tanh/sigmoid; no dropout), without DL4J's per-op overhead, which dominates when the
 * network is called once per generated step. The weights are copied once; a stepper is immutable
 * and thread-safe, and each sequence keeps its own {@link State}.
 */
final class FastLstmStepper {
  private final int[] sizes;
  private final Gates[] gates; // [layer], null for an attention layer 0
  private final SmallMatMul.Packed outW; // [n][classes]
  private final float[] outB;

  private final Attention attention; // layer 0's attention cell, or null

  /** The recurrent state of one sequence. */
  static final class State {
    final float[][] h;
    final float[][] c;
    final AttentionState attn;

    State(int[] sizes, Attention attention) {
      h = new float[sizes.length][];
      c = new float[sizes.length][];
      for (int l = 0; l < sizes.length; l++) {
        h[l] = new float[sizes[l]];
        c[l] = new float[sizes[l]];
      }
      attn = attention == null ? null : new AttentionState(attention.k, sizes[0]);
    }

    State copy() {
      float[][] hh = new float[h.length][];
      float[][] cc = new float[c.length][];
      for (int l = 0; l < h.length; l++) {
        hh[l] = h[l].clone();
        cc[l] = c[l].clone();
      }
      return new State(hh, cc, attn == null ? null : attn.copy());
    }

    private State(float[][] h, float[][] c, AttentionState attn) {
      this.h = h;
      this.c = c;
      this.attn = attn;
    }
  }

  /** The attention part of layer 0's state: the attention vector and the output window. */
  static final class AttentionState {
    final float[] a;
    final float[][] outs; // ring buffer of the last K outputs
    final float[][] proj; // the same outputs times Wattn
    int next; // slot the next output goes to (the oldest one)

    AttentionState(int k, int n) {
      a = new float[n];
      outs = new float[k][n];
      proj = new float[k][n];
    }

    AttentionState copy() {
      AttentionState s = new AttentionState(outs.length, a.length);
      System.arraycopy(a, 0, s.a, 0, a.length);
      for (int i = 0; i < outs.length; i++) {
        System.arraycopy(outs[i], 0, s.outs[i], 0, a.length);
        System.arraycopy(proj[i], 0, s.proj[i], 0, a.length);
      }
      s.next = next;
      return s;
    }
  }

  /** {@link AttentionLstmLayer}'s parameters as plain arrays (row-major, as stored). */
  private static final class Attention {
    final int k;
    final int n;
    final SmallMatMul.Packed w1;
    final float[] b1;
    final Gates lstm;
    final float[] attnV;
    final SmallMatMul.Packed attnW;
    final SmallMatMul.Packed w3;
    final float[] b3;
    final SmallMatMul.Packed w2;
    final float[] b2;

    Attention(Layer layer) {
      AttentionLstm conf = (AttentionLstm) layer.conf().getLayer();
      k = conf.getAttnLength();
      n = (int) conf.getNOut();
      w1 = SmallMatMul.pack(rows(layer, "W1"));
      b1 = floats(layer, "b1");
      // TF's gate order i, j, f, o as DL4J's candidate, forget, output, input: j, f, o, i
      lstm = new Gates(rows(layer, "lstmW"), floats(layer, "lstmB"), n, new int[] {1, 2, 3, 0});
      attnW = SmallMatMul.pack(rows(layer, "attnW"));
      attnV = floats(layer, "attnV");
      w3 = SmallMatMul.pack(rows(layer, "W3"));
      b3 = floats(layer, "b3");
      w2 = SmallMatMul.pack(rows(layer, "W2"));
      b2 = floats(layer, "b2");
    }

    /** One step of the attention cell for each state; updates their h, c and attention state. */
    float[][] step(float[][] x, State[] states) {
      int m = states.length;
      float[][] h = new float[m][];
      float[][] c = new float[m][];
      float[][] a = new float[m][];
      for (int i = 0; i < m; i++) {
        h[i] = states[i].h[0];
        c[i] = states[i].c[0];
        a[i] = states[i].attn.a;
      }
      float[][] xp = product(concat(x, a), w1, b1);
      float[][][] z = lstm.preActivations(xp, h);
      for (int i = 0; i < m; i++) {
        cell(z[0][i], z[1][i], z[2][i], z[3][i], 1f, c[i], c[i], h[i]); // forget bias 1
      }
      float[][] y = product(concat(c, h), w3, b3);
      float[] term = new float[n];
      double[] score = new double[k];
      for (int i = 0; i < m; i++) {
        AttentionState s = states[i].attn;
        float[] yi = y[i];
        double max = Double.NEGATIVE_INFINITY;
        for (int slot = 0; slot < k; slot++) {
          double sum = AttentionMath.attentionScore(attnV, s.proj[slot], yi, term);
          score[slot] = sum;
          max = Math.max(max, sum);
        }
        double total = 0;
        for (int slot = 0; slot < k; slot++) {
          score[slot] = Math.exp(score[slot] - max);
          total += score[slot];
        }
        Arrays.fill(s.a, 0f);
        for (int slot = 0; slot < k; slot++) {
          float alpha = (float) (score[slot] / total);
          float[] o = s.outs[slot];
          for (int j = 0; j < n; j++) {
            s.a[j] += alpha * o[j];
          }
        }
      }
      float[][] out = product(concat(h, a), w2, b2);
      float[][] proj = product(out, attnW, new float[n]);
      for (int i = 0; i < m; i++) {
        AttentionState s = states[i].attn;
        s.outs[s.next] = out[i];
        s.proj[s.next] = proj[i];
        s.next = (s.next + 1) % k;
      }
      return out;
    }
  }

  FastLstmStepper(MultiLayerNetwork net) {
    int layers = net.getnLayers() - 1;
    sizes = new int[layers];
    gates = new Gates[layers];
    attention =
        net.getLayer(0) instanceof AttentionLstmLayer ? new Attention(net.getLayer(0)) : null;
    for (int l = 0; l < layers; l++) {
      Layer layer = net.getLayer(l);
      if (l == 0 && attention != null) {
        sizes[0] = attention.n;
        continue;
      }
      sizes[l] = (int) layer.getParam("RW").size(0);
      float[][] wl = rows(layer, "W");
      float[][] rwl = rows(layer, "RW");
      float[][] both = new float[wl.length + rwl.length][];
      System.arraycopy(wl, 0, both, 0, wl.length);
      System.arraycopy(rwl, 0, both, wl.length, rwl.length);
      gates[l] = new Gates(both, floats(layer, "b"), sizes[l], new int[] {0, 1, 2, 3});
    }
    Layer out = net.getLayer(layers);
    outW = SmallMatMul.pack(rows(out, "W"));
    outB = floats(out, "b");
  }

  /**
   * An LSTM's input and recurrent weights stacked by rows (the inputs, then the previous h), cut
   * into the four gate blocks, each packed for {@link SmallMatMul}, and the biases.
   */
  private static final class Gates {
    private final SmallMatMul.Packed[] w; // [gate]: [inputs + n][n]
    private final float[][] b; // [gate][n]

    /**
     * @param order where each of DL4J's gates (candidate, forget, output, input) sits among the
     *     four column blocks of {@code rows}
     */
    Gates(float[][] rows, float[] bias, int n, int[] order) {
      w = new SmallMatMul.Packed[4];
      b = new float[4][];
      for (int g = 0; g < 4; g++) {
        int from = order[g] * n;
        w[g] = SmallMatMul.pack(block(rows, 0, rows.length, from, n));
        b[g] = Arrays.copyOfRange(bias, from, from + n);
      }
    }

    /**
     * The pre-activations {@code [x; h] W + b} of every row, as {@code [gate][row][n]} in DL4J's
     * gate order, each gate row its own array so that the gate loops are vectorised.
     */
    float[][][] preActivations(float[][] x, float[][] h) {
      float[][] xh = concat(x, h);
      float[][][] z = new float[4][][];
      for (int g = 0; g < 4; g++) {
        z[g] = product(xh, w[g], b[g]);
      }
      return z;
    }
  }

  /** {@code b + a[i] B} for every row of {@code a}. */
  static float[][] product(float[][] a, SmallMatMul.Packed b, float[] bias) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = bias.clone();
    }
    SmallMatMul.multiplyAdd(a, out, b);
    return out;
  }

  /** {@code [a[i]; b[i]]} for every row. */
  static float[][] concat(float[][] a, float[][] b) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = Arrays.copyOf(a[i], a[i].length + b[i].length);
      System.arraycopy(b[i], 0, out[i], a[i].length, b[i].length);
    }
    return out;
  }

  /** Rows {@code [r0, r0 + rows)} and columns {@code [c0, c0 + cols)} of {@code m}, copied. */
  static float[][] block(float[][] m, int r0, int rows, int c0, int cols) {
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(m[r0 + r], c0, c0 + cols);
    }
    return out;
  }

  /** The transpose of a matrix given by rows. */
  static float[][] transpose(float[][] m) {
    float[][] t = new float[m[0].length][m.length];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < m[r].length; c++) {
        t[c][r] = m[r][c];
      }
    }
    return t;
  }

  /** A matrix parameter of {@code layer} as float rows. */
  private static float[][] rows(Layer layer, String key) {
    return rows(layer.getParam(key));
  }

  /** A matrix as row-major float rows (one array per row). */
  static float[][] rows(INDArray p) {
    int cols = (int) p.size(1);
    float[] flat = p.dup('c').data().asFloat();
    float[][] rows = new float[(int) p.size(0)][cols];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(flat, r * cols, rows[r], 0, cols);
    }
    return rows;
  }

  /** A parameter of {@code layer} as a row-major float copy. */
  private static float[] floats(Layer layer, String key) {
    return layer.getParam(key).dup('c').data().asFloat();
  }

  /** A zero state. */
  State newState() {
    return new State(sizes, attention);
  }

  /** Advances {@code state} by one input and returns the softmax over the classes. */
  float[] step(State state, float[] x) {
    return step(new State[] {state}, new float[][] {x})[0];
  }

  /**
   * Advances every state by its own input and returns their softmaxes: the same numbers as one
   * {@link #step(State, float[])} per state, with each weight matrix read once for all of them
   * (beam search steps all its branches at once). The states must be distinct objects.
   */
  float[][] step(State[] states, float[][] x) {
    int m = states.length;
    float[][] in = x;
    for (int l = 0; l < sizes.length; l++) {
      if (l == 0 && attention != null) {
        in = attention.step(in, states);
        continue;
      }
      float[][] h = new float[m][];
      float[][] c = new float[m][];
      for (int i = 0; i < m; i++) {
        h[i] = states[i].h[l];
        c[i] = states[i].c[l];
      }
      float[][][] z = gates[l].preActivations(in, h);
      for (int i = 0; i < m; i++) {
        cell(z[0][i], z[1][i], z[2][i], z[3][i], 0f, c[i], c[i], h[i]);
      }
      in = h;
    }
    float[][] probs = product(in, outW, outB);
    for (float[] logits : probs) {
      softmax(logits);
    }
    return probs;
  }

  /** The softmax of {@code logits}, in place (the sum in double). */
  static void softmax(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int k = 0; k < logits.length; k++) {
      logits[k] = (float) Math.exp(logits[k] - max);
      sum += logits[k];
    }
    for (int k = 0; k < logits.length; k++) {
      logits[k] /= (float) sum;
    }
  }

  /** The sum of {@code v} in double, in four interleaved partial sums (not one serial chain). */
  static double sum(float[] v) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < v.length; j += 4) {
      s0 += v[j];
      s1 += v[j + 1];
      s2 += v[j + 2];
      s3 += v[j + 3];
    }
    for (; j < v.length; j++) {
      s0 += v[j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * One LSTM cell update from the four gates' pre-activations, which are replaced by their
   * activations: {@code c = σ(forget + forgetBias) cPrev + σ(in) tanh(cand)}, {@code h = σ(output)
   * tanh(c)}. {@code cPrev} may be {@code c}. One loop per array written, so that C2 vectorises
   * each (one loop writing all of them ran 5x slower).
   */
  static void cell(
      float[] cand,
      float[] forget,
      float[] output,
      float[] in,
      float forgetBias,
      float[] cPrev,
      float[] c,
      float[] h) {
    int n = c.length;
    for (int j = 0; j < n; j++) {
      cand[j] = tanh(cand[j]);
    }
    for (int j = 0; j < n; j++) {
      forget[j] = sigmoid(forget[j] + forgetBias);
    }
    for (int j = 0; j < n; j++) {
      output[j] = sigmoid(output[j]);
    }
    for (int j = 0; j < n; j++) {
      in[j] = sigmoid(in[j]);
    }
    for (int j = 0; j < n; j++) {
      c[j] = forget[j] * cPrev[j] + in[j] * cand[j];
    }
    for (int j = 0; j < n; j++) {
      h[j] = output[j] * tanh(c[j]);
    }
  }

  /**
   * tanh in float precision by a rational function (the degree-13/6 minimax fit that Eigen uses for
   * float tanh): at most 4e-7 from {@link Math#tanh} (measured on a 1e-5 grid over [-20, 20] by
   * {@code FastLstmStepperTest}) and about 5x faster; the attention scores take K x N of these per
   * step.
   */
  static float tanh(float x) {
    float c = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, x));
    float x2 = c * c;
    float p = -2.76076847742355e-16f;
    p = p * x2 + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    float q = 1.19825839466702e-06f;
    q = q * x2 + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    return c * p / q;
  }

  /** The logistic function through {@link #tanh}: σ(v) = (1 + tanh(v / 2)) / 2, exactly. */
  static float sigmoid(float v) {
    return 0.5f + 0.5f * tanh(0.5f * v);
  }
}
