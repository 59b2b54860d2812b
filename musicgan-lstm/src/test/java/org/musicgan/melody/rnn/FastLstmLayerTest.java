package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FastLstmLayerTest {
  private static final int IN = 7;
  private static final int CLASSES = 6;

  /** Two LSTM layers (widths 9 and 5: not multiples of 4) and a softmax output, as the models. */
  static MultiLayerNetwork network() {
    return network(1.0);
  }

  /** The same with DL4J's dropout (keep probability {@code keep}) on the inputs of layers 1, 2. */
  static MultiLayerNetwork network(double keep) {
    LSTM.Builder second =
        new LSTM.Builder().nIn(9).nOut(5).activation(Activation.TANH).forgetGateBiasInit(1.0);
    RnnOutputLayer.Builder out =
        new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .nIn(5)
            .nOut(CLASSES);
    if (keep < 1) {
      second.dropOut(keep);
      out.dropOut(keep);
    }
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .dataType(DataType.FLOAT)
            .updater(new Adam(0.01))
            .weightInit(WeightInit.XAVIER_UNIFORM)
            .gradientNormalization(GradientNormalization.ClipL2PerParamType)
            .gradientNormalizationThreshold(5)
            .list()
            .layer(
                new LSTM.Builder()
                    .nIn(IN)
                    .nOut(9)
                    .activation(Activation.TANH)
                    .forgetGateBiasInit(1.0)
                    .build())
            .layer(second.build())
            .layer(out.build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.initGradientsView();
    // non-trivial biases so every gate matters
    Random r = new Random(5);
    INDArray p = net.params();
    for (long i = 0; i < p.length(); i++) {
      p.putScalar(i, p.getDouble(i) + 0.2 * (r.nextDouble() - 0.5));
    }
    return net;
  }

  static INDArray random(Random r, long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, r.nextGaussian());
    }
    return a;
  }

  static INDArray labels(Random r, int batch, int steps) {
    INDArray l = Nd4j.zeros(DataType.FLOAT, batch, CLASSES, steps);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        l.putScalar(new long[] {b, r.nextInt(CLASSES), t}, 1f);
      }
    }
    return l;
  }

  /** A padded-tail mask: example b has {@code lengths[b]} steps. */
  static INDArray tailMask(int steps, int... lengths) {
    INDArray m = Nd4j.zeros(DataType.FLOAT, lengths.length, steps);
    for (int b = 0; b < lengths.length; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        m.putScalar(b, t, 1f);
      }
    }
    return m;
  }

  /** The largest relative difference of two arrays of one shape, element by element. */
  static double maxRelDiff(INDArray a, INDArray b) {
    assertTrue(java.util.Arrays.equals(a.shape(), b.shape()), "shapes differ");
    double[] x = a.dup('c').data().asDouble(); // logical order, whatever each array's layout
    double[] y = b.dup('c').data().asDouble();
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst =
          Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1e-3, Math.abs(x[i]) + Math.abs(y[i])));
    }
    return worst;
  }

  private static long fastPasses(MultiLayerNetwork net) {
    long n = 0;
    for (var l : net.getLayers()) {
      if (l instanceof FastLstmLayer f) {
        n += f.fastBackwardPasses();
      }
    }
    return n;
  }

  private static void compareGradients(INDArray mask, boolean expectFast) {
    Random r = new Random(11);
    int batch = 4;
    int steps = 13;
    INDArray x = random(r, batch, IN, steps);
    INDArray y = labels(r, batch, steps);
    MultiLayerNetwork plain = network();
    MultiLayerNetwork fast = network();
    FastLstmLayer.install(fast);
    assertInstanceOf(FastLstmLayer.class, fast.getLayer(0));
    assertInstanceOf(FastLstmLayer.class, fast.getLayer(1));
    assertInstanceOf(FastRnnOutputLayer.class, fast.getLayer(2));
    assertFalse(((FastLstmLayer) fast.getLayer(0)).feedsRnnOutputLayer());
    assertTrue(((FastLstmLayer) fast.getLayer(1)).feedsRnnOutputLayer()); // [B, T, n] f-order out

    INDArray outPlain = plain.output(x, false, mask, mask);
    INDArray outFast = fast.output(x, false, mask, mask);
    assertTrue(maxRelDiff(outPlain, outFast) < 1e-5, "outputs " + maxRelDiff(outPlain, outFast));

    for (MultiLayerNetwork net : new MultiLayerNetwork[] {plain, fast}) {
      net.setInput(x);
      net.setLabels(y);
      net.setLayerMaskArrays(mask, mask);
      net.computeGradientAndScore();
    }
    assertEquals(plain.score(), fast.score(), 1e-5 * Math.abs(plain.score()));
    assertEquals(expectFast ? 2 : 0, fastPasses(fast));
    assertEquals(1, ((FastRnnOutputLayer) fast.getLayer(2)).fastBackwardPasses());
    for (String key : plain.gradient().gradientForVariable().keySet()) {
      INDArray gp = plain.gradient().getGradientFor(key);
      INDArray gf = fast.gradient().getGradientFor(key);
      double d = maxRelDiff(gp, gf);
      assertTrue(d < 2e-4, key + ": relative difference " + d);
      assertTrue(gp.norm2Number().doubleValue() > 1e-4, key + " gradient is zero");
    }
  }

  @Test
  void outputAndEveryGradientEqualDl4jsLstmWithoutMask() {
    compareGradients(null, true);
  }

  @Test
  void outputAndEveryGradientEqualDl4jsLstmWithPaddedTails() {
    compareGradients(tailMask(13, 13, 5, 1, 9), true);
  }

  @Test
  void theSameWithTheBatchSplitIntoPartsOnSeveralThreads() {
    FastLstmLayer.partsForTests = 3; // uneven: examples {0}, {1}, {2, 3}
    try {
      compareGradients(null, true);
      compareGradients(tailMask(13, 13, 5, 1, 9), true);
      compareLayer(tailMask(13, 2, 13, 7, 1), true);
    } finally {
      FastLstmLayer.partsForTests = 0;
    }
  }

  /** One layer on its own, given a mask directly: output, weight gradients and input gradient. */
  private static void compareLayer(INDArray mask, boolean expectFast) {
    Random r = new Random(4);
    INDArray x = random(r, 4, IN, 13);
    INDArray eps = random(r, 4, 9, 13);
    if (mask != null) { // as a masked loss gives: nothing from masked steps
      for (int b = 0; b < 4; b++) {
        for (int t = 0; t < 13; t++) {
          if (mask.getDouble(b, t) == 0) {
            eps.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(t)).assign(0);
          }
        }
      }
    }
    MultiLayerNetwork plain = network();
    MultiLayerNetwork fast = network();
    FastLstmLayer.install(fast);
    var mgr = LayerWorkspaceMgr.noWorkspaces();
    org.deeplearning4j.nn.api.Layer lp = plain.getLayer(0);
    FastLstmLayer lf = (FastLstmLayer) fast.getLayer(0);
    lp.setMaskArray(mask);
    lf.setMaskArray(mask);
    INDArray op = lp.activate(x, true, mgr).dup();
    INDArray of = lf.activate(x, true, mgr).dup();
    assertTrue(maxRelDiff(op, of) < 1e-5, "outputs " + maxRelDiff(op, of));
    var gp = lp.backpropGradient(eps, mgr);
    var gf = lf.backpropGradient(eps, mgr);
    assertEquals(expectFast ? 1 : 0, lf.fastBackwardPasses());
    for (String key : new String[] {"W", "RW", "b"}) {
      double d = maxRelDiff(gp.getFirst().getGradientFor(key), gf.getFirst().getGradientFor(key));
      assertTrue(d < 2e-4, key + ": relative difference " + d);
    }
    double d = maxRelDiff(gp.getSecond(), gf.getSecond());
    assertTrue(d < 2e-4, "input gradient: relative difference " + d);
    if (mask != null) {
      assertEquals(
          0.0,
          of.get(NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.point(12))
              .norm2Number()
              .doubleValue(),
          "a masked step's output");
    }
  }

  @Test
  void layerWithoutMaskEqualsDl4jsLayerIncludingTheInputGradient() {
    compareLayer(null, true);
  }

  @Test
  void layerGivenAPaddedTailMaskEqualsDl4jsLayer() {
    compareLayer(tailMask(13, 13, 5, 1, 9), true);
  }

  @Test
  void otherMasksGoToDl4jsImplementation() {
    INDArray holes = tailMask(13, 13, 13, 13, 13);
    holes.putScalar(1, 4, 0f); // a gap in the middle
    holes.putScalar(2, 12, 0f);
    compareLayer(holes, false);
  }

  /**
   * {@code x} through a {@link RowDropout} drawn after seeding ND4J with {@code seed}: the input a
   * fast layer seeded the same way sees. Returns the dropout; writes the result into {@code out}.
   */
  static RowDropout dropped(INDArray x, double keep, long seed, INDArray[] out) {
    Nd4j.getRandom().setSeed(seed);
    RowDropout d = RowDropout.draw(new Dropout(keep));
    float[][] rows = Rows.timeMajorRows(x);
    d.apply(rows);
    INDArray xd = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'f');
    out[0] = Rows.fillNcwF(xd, rows, (int) x.size(0), (int) x.size(2));
    return d;
  }

  /** An NCW gradient through the dropout's mask. */
  static INDArray masked(RowDropout d, INDArray eps) {
    float[][] rows = Rows.timeMajorRows(eps);
    d.backprop(rows);
    INDArray e = Nd4j.createUninitialized(DataType.FLOAT, eps.shape(), 'f');
    return Rows.fillNcwF(e, rows, (int) eps.size(0), (int) eps.size(2));
  }

  @Test
  void dropoutOnTheRowsEqualsDl4jsLayerOnTheDroppedInput() {
    Random r = new Random(8);
    INDArray x = random(r, 4, 9, 13);
    INDArray eps = random(r, 4, 5, 13);
    var mgr = LayerWorkspaceMgr.noWorkspaces();
    FastLstmLayer lf = (FastLstmLayer) installed(network(0.6)).getLayer(1);
    Nd4j.getRandom().setSeed(42);
    INDArray of = lf.activate(x, true, mgr).dup();
    var gf = lf.backpropGradient(eps, mgr);
    assertEquals(1, lf.fastBackwardPasses());

    INDArray[] xd = new INDArray[1];
    RowDropout d = dropped(x, 0.6, 42, xd);
    long zeros = xd[0].eq(0).castTo(DataType.INT).sumNumber().longValue();
    assertTrue(zeros > 0.25 * x.length() && zeros < 0.55 * x.length(), "dropped " + zeros);
    org.deeplearning4j.nn.api.Layer lp = network().getLayer(1); // no dropout
    INDArray op = lp.activate(xd[0], true, mgr).dup();
    assertTrue(maxRelDiff(op, of) < 1e-5, "outputs " + maxRelDiff(op, of));
    var gp = lp.backpropGradient(eps, mgr);
    for (String key : new String[] {"W", "RW", "b"}) {
      double diff =
          maxRelDiff(gp.getFirst().getGradientFor(key), gf.getFirst().getGradientFor(key));
      assertTrue(diff < 2e-4, key + ": relative difference " + diff);
    }
    double diff = maxRelDiff(masked(d, gp.getSecond()), gf.getSecond());
    assertTrue(diff < 2e-4, "input gradient: relative difference " + diff);
  }

  @Test
  void trainingWithDropoutIsDeterministicForTheNd4jSeed() {
    Random r = new Random(2);
    INDArray x = random(r, 3, IN, 8);
    INDArray y = labels(r, 3, 8);
    INDArray[] params = new INDArray[3];
    for (int run = 0; run < 3; run++) {
      MultiLayerNetwork net = installed(network(0.5));
      Nd4j.getRandom().setSeed(run < 2 ? 7 : 8);
      for (int i = 0; i < 3; i++) {
        net.fit(x, y);
      }
      params[run] = net.params().dup();
      assertEquals(3, ((FastRnnOutputLayer) net.getLayer(2)).fastBackwardPasses());
    }
    assertEquals(params[0], params[1]);
    assertFalse(params[0].equals(params[2]), "another seed drops other inputs");
  }

  private static MultiLayerNetwork installed(MultiLayerNetwork net) {
    FastLstmLayer.install(net);
    return net;
  }

  @Test
  void trainingStepsStayEqualToDl4jsLstm() {
    Random r = new Random(2);
    INDArray x = random(r, 3, IN, 8);
    INDArray y = labels(r, 3, 8);
    INDArray mask = tailMask(8, 8, 6, 3);
    MultiLayerNetwork plain = network();
    MultiLayerNetwork fast = network();
    FastLstmLayer.install(fast);
    for (int i = 0; i < 5; i++) {
      plain.fit(x, y, mask, mask);
      fast.fit(x, y, mask, mask);
    }
    assertEquals(10, fastPasses(fast));
    double d = maxRelDiff(plain.params(), fast.params());
    assertTrue(d < 1e-4, "parameters after 5 Adam steps differ by " + d);
    double moved = plain.params().sub(network().params()).norm2Number().doubleValue();
    assertTrue(moved > 1e-3, "training did not move the parameters");
  }
}
