package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.musicgan.melody.events.Melody;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class AttentionLstmLayerTest {
  private static final int IN = 5;
  private static final int UNITS = 4;
  private static final int WINDOW = 3;
  private static final int CLASSES = 6;

  /** [LSTM(IN -> 3)?] -> attention(UNITS, WINDOW) -> softmax, in double precision. */
  private static MultiLayerNetwork net(boolean lstmFirst, long seed) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.DOUBLE)
            .updater(new NoOp())
            .list();
    int in = IN;
    if (lstmFirst) {
      list.layer(new LSTM.Builder().nIn(IN).nOut(3).activation(Activation.TANH).build());
      in = 3;
    }
    list.layer(new AttentionLstm(in, UNITS, WINDOW));
    list.layer(
        new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .nIn(UNITS)
            .nOut(CLASSES)
            .build());
    MultiLayerConfiguration conf = list.build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    // biases start at zero; move them so the check covers every term
    Random r = new Random(seed);
    for (String key : AttentionLstmParams.KEYS) {
      INDArray p = net.getLayer(lstmFirst ? 1 : 0).getParam(key);
      for (long i = 0; i < p.length(); i++) {
        p.putScalar(i, p.getDouble(i) + 0.3 * r.nextGaussian());
      }
    }
    return net;
  }

  private static INDArray randomInput(int batch, int width, int steps, long seed) {
    Random r = new Random(seed);
    INDArray x = Nd4j.create(DataType.DOUBLE, batch, width, steps);
    for (long i = 0; i < x.length(); i++) {
      x.putScalar(i, r.nextGaussian());
    }
    return x;
  }

  private static double[] row(double[][] m, int i) {
    return m[i];
  }

  private static double[] times(double[] x, double[][] m, int firstRow) {
    double[] out = new double[m[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < out.length; j++) {
        out[j] += x[i] * m[firstRow + i][j];
      }
    }
    return out;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /**
   * AttentionCellWrapper.call (magenta/contrib/rnn.py) written out for one sequence, recomputing
   * the window's projection every step as TF does; returns the outputs [time][units].
   */
  static double[][] magentaCell(Map<String, double[][]> p, double[][] x, int n, int k) {
    int ni = x[0].length;
    double[] c = new double[n];
    double[] h = new double[n];
    double[] a = new double[n];
    double[][] window = new double[k][n]; // oldest first
    double[][] outs = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      double[] xp = times(x[t], p.get("W1"), 0);
      double[] xa = times(a, p.get("W1"), ni);
      double[] z1 = times(h, p.get("lstmW"), ni);
      for (int j = 0; j < ni; j++) {
        xp[j] += xa[j] + row(p.get("b1"), 0)[j];
      }
      double[] z = times(xp, p.get("lstmW"), 0);
      for (int j = 0; j < 4 * n; j++) {
        z[j] += z1[j] + p.get("lstmB")[0][j];
      }
      for (int j = 0; j < n; j++) {
        c[j] = c[j] * sigmoid(z[2 * n + j] + 1.0) + sigmoid(z[j]) * Math.tanh(z[n + j]);
        h[j] = Math.tanh(c[j]) * sigmoid(z[3 * n + j]);
      }
      double[] q = new double[2 * n];
      System.arraycopy(c, 0, q, 0, n);
      System.arraycopy(h, 0, q, n, n);
      double[] y = times(q, p.get("W3"), 0);
      double[] s = new double[k];
      for (int slot = 0; slot < k; slot++) {
        double[] hf = times(window[slot], p.get("attnW"), 0);
        for (int j = 0; j < n; j++) {
          s[slot] += p.get("attnV")[j][0] * Math.tanh(hf[j] + y[j] + p.get("b3")[0][j]);
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int slot = 0; slot < k; slot++) {
        s[slot] = Math.exp(s[slot] - max);
        sum += s[slot];
      }
      a = new double[n];
      for (int slot = 0; slot < k; slot++) {
        for (int j = 0; j < n; j++) {
          a[j] += s[slot] / sum * window[slot][j];
        }
      }
      double[] ha = new double[2 * n];
      System.arraycopy(h, 0, ha, 0, n);
      System.arraycopy(a, 0, ha, n, n);
      double[] out = times(ha, p.get("W2"), 0);
      for (int j = 0; j < n; j++) {
        out[j] += p.get("b2")[0][j];
      }
      System.arraycopy(window, 1, window, 0, k - 1);
      window[k - 1] = out;
      outs[t] = out;
    }
    return outs;
  }

  @Test
  void forwardIsMagentasAttentionCellStepByStep() {
    MultiLayerNetwork net = net(false, 3);
    int steps = 9; // longer than the window, so old outputs leave it
    INDArray x = randomInput(2, IN, steps, 4);
    INDArray out = net.feedForward(x, false).get(1); // the attention layer's output
    Layer layer = net.getLayer(0);
    Map<String, double[][]> p = new java.util.HashMap<>();
    for (String key : AttentionLstmParams.KEYS) {
      p.put(key, layer.getParam(key).toDoubleMatrix());
    }
    for (int b = 0; b < 2; b++) {
      double[][] seq = new double[steps][IN];
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < IN; i++) {
          seq[t][i] = x.getDouble(b, i, t);
        }
      }
      double[][] expected = magentaCell(p, seq, UNITS, WINDOW);
      for (int t = 0; t < steps; t++) {
        double[] got =
            out.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(t))
                .toDoubleVector();
        assertArrayEquals(expected[t], got, 1e-12, "batch " + b + " step " + t);
      }
    }
  }

  @Test
  void gradientsMatchCentralDifferencesThroughTheLayerAndIntoTheLayerBelow() {
    MultiLayerNetwork net = net(true, 7);
    int steps = 7;
    INDArray x = randomInput(3, IN, steps, 8);
    INDArray labels = Nd4j.zeros(DataType.DOUBLE, 3, CLASSES, steps);
    INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, steps);
    Random r = new Random(9);
    for (int b = 0; b < 3; b++) {
      for (int t = 0; t < steps; t++) {
        labels.putScalar(new long[] {b, r.nextInt(CLASSES), t}, 1.0);
      }
    }
    mask.putScalar(new long[] {1, steps - 1}, 0.0); // a padded tail
    mask.putScalar(new long[] {1, steps - 2}, 0.0);
    DataType before = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    boolean ok;
    try {
      ok = check(net, x, labels, mask);
    } finally {
      Nd4j.setDefaultDataTypes(before, before);
    }
    assertTrue(ok, "gradient check failed; see the log for the parameter");
  }

  private static boolean check(MultiLayerNetwork net, INDArray x, INDArray labels, INDArray mask) {
    return GradientCheckUtil.checkGradients(
        new GradientCheckUtil.MLNConfig()
            .net(net)
            .input(x)
            .labels(labels)
            .inputMask(mask)
            .labelMask(mask)
            .epsilon(1e-6)
            // central differences on a score of ~12 are good to ~1e-8 absolute
            .maxRelError(1e-4)
            .minAbsoluteError(1e-8));
  }

  @Test
  void timeStepsCarryTheWholeStateIncludingTheWindow() {
    MultiLayerNetwork net = net(false, 11);
    int steps = 8;
    INDArray x = randomInput(2, IN, steps, 12);
    INDArray whole = net.output(x);
    net.rnnClearPreviousState();
    for (int t = 0; t < steps; t++) {
      INDArray step =
          net.rnnTimeStep(
              x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)));
      INDArray expected =
          whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1));
      assertArrayEquals(
          expected.dup().data().asDouble(), step.dup().data().asDouble(), 1e-12, "step " + t);
    }
  }

  @Test
  void fastStepperMatchesTheNetwork() {
    MelodyRnnModel model =
        MelodyRnnModel.create(MelodyRnnConfig.ATTENTION_RNN.withTraining(4, List.of(16, 12)), 5);
    assertTrue(model.network().getLayer(0) instanceof AttentionLstmLayer);
    model.fit(
        model.batch(
            List.of(MelodyRnnModelTest.scaleMelody(2, 0), MelodyRnnModelTest.scaleMelody(2, 3))));
    FastLstmStepper fast = new FastLstmStepper(model.network());
    FastLstmStepper.State state = fast.newState();
    Melody m = MelodyRnnModelTest.scaleMelody(3, 1); // longer than the 40-step window
    assertTrue(m.length() > 45);
    model.network().rnnClearPreviousState();
    for (int t = 0; t < m.length(); t++) {
      float[] x = model.encoder().eventsToInput(m, t);
      INDArray out = model.network().rnnTimeStep(Nd4j.create(x, new long[] {1, x.length, 1}, 'c'));
      float[] expected =
          out.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(0)).toFloatVector();
      assertArrayEquals(expected, fast.step(state, x), 2e-5f, "step " + t);
    }
  }

  @Test
  void savesAndLoadsWithModelSerializer() throws Exception {
    MultiLayerNetwork net = net(false, 13);
    INDArray x = randomInput(2, IN, 6, 14);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, bytes, true);
    MultiLayerNetwork back =
        ModelSerializer.restoreMultiLayerNetwork(
            new ByteArrayInputStream(bytes.toByteArray()), true);
    assertEquals(WINDOW, ((AttentionLstm) back.getLayer(0).conf().getLayer()).getAttnLength());
    assertEquals(net.params(), back.params());
    assertEquals(net.output(x), back.output(x));
  }

  /**
   * The float path ({@link AttentionLoops}) against the ND4J implementation in double on the same
   * parameters: outputs, every parameter's gradient (and the LSTM below it, which gets its gradient
   * through the attention layer's input gradient), with and without a padded-tail label mask.
   */
  @Test
  void floatLoopsMatchTheDoubleImplementation() {
    for (boolean masked : new boolean[] {false, true}) {
      MultiLayerNetwork dbl = net(true, 21);
      MultiLayerNetwork flt = dbl.convertDataType(DataType.FLOAT);
      int batch = 5;
      int steps = 9;
      INDArray x = randomInput(batch, IN, steps, 22);
      INDArray y = Nd4j.create(DataType.DOUBLE, batch, CLASSES, steps);
      Random r = new Random(23);
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < steps; t++) {
          y.putScalar(new int[] {b, r.nextInt(CLASSES), t}, 1.0);
        }
      }
      INDArray mask = null;
      if (masked) {
        mask = Nd4j.ones(DataType.DOUBLE, batch, steps);
        for (int t = 4; t < steps; t++) {
          mask.putScalar(new int[] {1, t}, 0.0);
        }
      }
      double[] gD = gradient(dbl, x, y, mask);
      double[] gF = gradient(flt, x, y, mask);
      assertEquals(1, ((AttentionLstmLayer) flt.getLayer(1)).fastBackwardPasses());
      assertEquals(0, ((AttentionLstmLayer) dbl.getLayer(1)).fastBackwardPasses());
      double scale = 0;
      for (double v : gD) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < gD.length; i++) {
        assertEquals(gD[i], gF[i], 2e-4 * scale + 1e-6, "masked=" + masked + ", gradient " + i);
      }
      assertArrayEquals(
          dbl.output(x).data().asDouble(),
          flt.output(x.castTo(DataType.FLOAT)).castTo(DataType.DOUBLE).data().asDouble(),
          1e-5);
    }
  }

  private static double[] gradient(MultiLayerNetwork net, INDArray x, INDArray y, INDArray mask) {
    DataType dt = net.params().dataType();
    net.setInput(x.castTo(dt));
    net.setLabels(y.castTo(dt));
    net.setLayerMaskArrays(null, mask == null ? null : mask.castTo(dt));
    net.computeGradientAndScore();
    return net.gradient().gradient().castTo(DataType.DOUBLE).dup().data().asDouble();
  }
}
