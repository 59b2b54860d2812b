package org.musicgan.melody.rnn;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of the trained LSTM stack + softmax on plain float arrays, for generation: the same
 * arithmetic as DL4J's {@code LSTM} layer at inference (gate blocks ordered candidate, forget,
 * output, input; tanh/sigmoid; no dropout), without DL4J's per-op overhead, which dominates when
 * the network is called once per generated step. The weights are copied once; a stepper is
 * immutable and thread-safe, and each sequence keeps its own {@link State}.
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

  /** The recurrent state of one sequence. */
  static final class State {
    final float[][] h;
    final float[][] c;

    State(int[] sizes) {
      h = new float[sizes.length][];
      c = new float[sizes.length][];
      for (int l = 0; l < sizes.length; l++) {
        h[l] = new float[sizes[l]];
        c[l] = new float[sizes[l]];
      }
    }

    State copy() {
      float[][] hh = new float[h.length][];
      float[][] cc = new float[c.length][];
      for (int l = 0; l < h.length; l++) {
        hh[l] = h[l].clone();
        cc[l] = c[l].clone();
      }
      return new State(hh, cc);
    }

    private State(float[][] h, float[][] c) {
      this.h = h;
      this.c = c;
    }
  }

  FastLstmStepper(MultiLayerNetwork net) {
    int layers = net.getnLayers() - 1;
    sizes = new int[layers];
    inputs = new int[layers];
    w = new float[layers][];
    rw = new float[layers][];
    b = new float[layers][];
    for (int l = 0; l < layers; l++) {
      Layer layer = net.getLayer(l);
      INDArray wl = layer.getParam("W");
      sizes[l] = (int) layer.getParam("RW").size(0);
      inputs[l] = (int) wl.size(0);
      w[l] = wl.dup('c').data().asFloat();
      rw[l] = layer.getParam("RW").dup('c').data().asFloat();
      b[l] = layer.getParam("b").dup('c').data().asFloat();
    }
    Layer out = net.getLayer(layers);
    outW = out.getParam("W").dup('c').data().asFloat();
    outB = out.getParam("b").dup('c').data().asFloat();
    classes = outB.length;
  }

  /** A zero state. */
  State newState() {
    return new State(sizes);
  }

  /** Advances {@code state} by one input and returns the softmax over the classes. */
  float[] step(State state, float[] x) {
    float[] in = x;
    for (int l = 0; l < sizes.length; l++) {
      int n = sizes[l];
      float[] z = b[l].clone();
      accumulate(z, in, w[l], 4 * n);
      accumulate(z, state.h[l], rw[l], 4 * n);
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
    accumulate(logits, in, outW, classes);
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

  /** {@code out += x · M} for a row-major {@code M} of shape (x.length, width). */
  private static void accumulate(float[] out, float[] x, float[] m, int width) {
    for (int i = 0; i < x.length; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue; // one-hot inputs are mostly zeros
      }
      int row = i * width;
      for (int j = 0; j < width; j++) {
        out[j] += xi * m[row + j];
      }
    }
  }

  private static float sigmoid(float v) {
    return (float) (1 / (1 + Math.exp(-v)));
  }
}
