package org.musicgan.melody.rnn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
  private final int[] inputs;
  private final float[][] w; // [layer][in * 4n], row-major (in, 4n)
  private final float[][] rw; // [layer][n * 4n]
  private final float[][] b; // [layer][4n]
  private final float[] outW; // [n * classes]
  private final float[] outB;
  private final int classes;

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
    final int ni;
    final int n;
    final float[] w1;
    final float[] b1;
    final float[] lstmW;
    final float[] lstmB;
    final float[] attnW;
    final float[] attnV;
    final float[] w3;
    final float[] b3;
    final float[] w2;
    final float[] b2;

    Attention(Layer layer) {
      AttentionLstm conf = (AttentionLstm) layer.conf().getLayer();
      k = conf.getAttnLength();
      ni = (int) conf.getNIn();
      n = (int) conf.getNOut();
      w1 = floats(layer, "W1");
      b1 = floats(layer, "b1");
      lstmW = floats(layer, "lstmW");
      lstmB = floats(layer, "lstmB");
      attnW = floats(layer, "attnW");
      attnV = floats(layer, "attnV");
      w3 = floats(layer, "W3");
      b3 = floats(layer, "b3");
      w2 = floats(layer, "W2");
      b2 = floats(layer, "b2");
    }

    /** One step of the attention cell; updates {@code h}, {@code c} and {@code s}. */
    float[] step(float[] x, float[] h, float[] c, AttentionState s) {
      float[] xp = b1.clone();
      accumulate(xp, x, w1, 0, ni);
      accumulate(xp, s.a, w1, ni, ni);
      float[] z = lstmB.clone();
      accumulate(z, xp, lstmW, 0, 4 * n);
      accumulate(z, h, lstmW, ni, 4 * n);
      for (int j = 0; j < n; j++) { // TF gate order i, j, f, o; forget bias 1
        float input = sigmoid(z[j]);
        float candidate = (float) Math.tanh(z[n + j]);
        float forget = sigmoid(z[2 * n + j] + 1f);
        float output = sigmoid(z[3 * n + j]);
        c[j] = c[j] * forget + input * candidate;
        h[j] = (float) Math.tanh(c[j]) * output;
      }
      float[] y = b3.clone();
      accumulate(y, c, w3, 0, n);
      accumulate(y, h, w3, n, n);
      double[] score = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int slot = 0; slot < k; slot++) {
        float[] p = s.proj[slot];
        double sum = 0;
        for (int j = 0; j < n; j++) {
          sum += attnV[j] * tanh(p[j] + y[j]);
        }
        score[slot] = sum;
        max = Math.max(max, sum);
      }
      double total = 0;
      for (int slot = 0; slot < k; slot++) {
        score[slot] = Math.exp(score[slot] - max);
        total += score[slot];
      }
      java.util.Arrays.fill(s.a, 0f);
      for (int slot = 0; slot < k; slot++) {
        float alpha = (float) (score[slot] / total);
        float[] o = s.outs[slot];
        for (int j = 0; j < n; j++) {
          s.a[j] += alpha * o[j];
        }
      }
      float[] out = b2.clone();
      accumulate(out, h, w2, 0, n);
      accumulate(out, s.a, w2, n, n);
      float[] proj = new float[n];
      accumulate(proj, out, attnW, 0, n);
      s.outs[s.next] = out;
      s.proj[s.next] = proj;
      s.next = (s.next + 1) % k;
      return out;
    }
  }

  FastLstmStepper(MultiLayerNetwork net) {
    int layers = net.getnLayers() - 1;
    sizes = new int[layers];
    inputs = new int[layers];
    w = new float[layers][];
    rw = new float[layers][];
    b = new float[layers][];
    attention =
        net.getLayer(0) instanceof AttentionLstmLayer ? new Attention(net.getLayer(0)) : null;
    for (int l = 0; l < layers; l++) {
      Layer layer = net.getLayer(l);
      if (l == 0 && attention != null) {
        sizes[0] = attention.n;
        inputs[0] = attention.ni;
        continue;
      }
      INDArray wl = layer.getParam("W");
      sizes[l] = (int) layer.getParam("RW").size(0);
      inputs[l] = (int) wl.size(0);
      w[l] = floats(layer, "W");
      rw[l] = floats(layer, "RW");
      b[l] = floats(layer, "b");
    }
    Layer out = net.getLayer(layers);
    outW = floats(out, "W");
    outB = floats(out, "b");
    classes = outB.length;
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
    float[] in = x;
    for (int l = 0; l < sizes.length; l++) {
      if (l == 0 && attention != null) {
        in = attention.step(in, state.h[0], state.c[0], state.attn);
        continue;
      }
      int n = sizes[l];
      float[] z = b[l].clone();
      accumulate(z, in, w[l], 0, 4 * n);
      accumulate(z, state.h[l], rw[l], 0, 4 * n);
      float[] h = state.h[l];
      float[] c = state.c[l];
      for (int j = 0; j < n; j++) {
        float candidate = (float) Math.tanh(z[j]);
        float forget = sigmoid(z[n + j]);
        float output = sigmoid(z[2 * n + j]);
        float input = sigmoid(z[3 * n + j]);
        c[j] = forget * c[j] + input * candidate;
        h[j] = output * (float) Math.tanh(c[j]);
      }
      in = h;
    }
    float[] logits = outB.clone();
    accumulate(logits, in, outW, 0, classes);
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      logits[k] = (float) Math.exp(logits[k] - max);
      sum += logits[k];
    }
    for (int k = 0; k < classes; k++) {
      logits[k] /= (float) sum;
    }
    return logits;
  }

  /**
   * {@code out += x · M[firstRow .. firstRow + x.length)} for a row-major {@code M} with {@code
   * width} columns.
   */
  private static void accumulate(float[] out, float[] x, float[] m, int firstRow, int width) {
    for (int i = 0; i < x.length; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue; // one-hot inputs are mostly zeros
      }
      int row = (firstRow + i) * width;
      for (int j = 0; j < width; j++) {
        out[j] += xi * m[row + j];
      }
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

  private static float sigmoid(float v) {
    return (float) (1 / (1 + Math.exp(-v)));
  }
}
