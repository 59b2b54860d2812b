package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
  private static MultiLayerNetwork network() {
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
            .layer(
                new LSTM.Builder()
                    .nIn(9)
                    .nOut(5)
                    .activation(Activation.TANH)
                    .forgetGateBiasInit(1.0)
                    .build())
            .layer(
                new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .nIn(5)
                    .nOut(CLASSES)
                    .build())
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

  private static INDArray random(Random r, long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, r.nextGaussian());
    }
    return a;
  }

  private static INDArray labels(Random r, int batch, int steps) {
    INDArray l = Nd4j.zeros(DataType.FLOAT, batch, CLASSES, steps);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        l.putScalar(new long[] {b, r.nextInt(CLASSES), t}, 1f);
      }
    }
    return l;
  }

  /** A padded-tail mask: example b has {@code lengths[b]} steps. */
  private static INDArray tailMask(int steps, int... lengths) {
    INDArray m = Nd4j.zeros(DataType.FLOAT, lengths.length, steps);
    for (int b = 0; b < lengths.length; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        m.putScalar(b, t, 1f);
      }
    }
    return m;
  }

  private static double maxRelDiff(INDArray a, INDArray b) {
    double worst = 0;
    for (long i = 0; i < a.length(); i++) {
      double x = a.getDouble(i);
      double y = b.getDouble(i);
      worst = Math.max(worst, Math.abs(x - y) / Math.max(1e-3, Math.abs(x) + Math.abs(y)));
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
