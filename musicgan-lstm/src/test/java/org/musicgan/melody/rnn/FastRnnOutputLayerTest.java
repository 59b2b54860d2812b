package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.musicgan.melody.rnn.FastLstmLayerTest.dropped;
import static org.musicgan.melody.rnn.FastLstmLayerTest.labels;
import static org.musicgan.melody.rnn.FastLstmLayerTest.masked;
import static org.musicgan.melody.rnn.FastLstmLayerTest.maxRelDiff;
import static org.musicgan.melody.rnn.FastLstmLayerTest.network;
import static org.musicgan.melody.rnn.FastLstmLayerTest.random;
import static org.musicgan.melody.rnn.FastLstmLayerTest.tailMask;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FastRnnOutputLayerTest {
  private static final LayerWorkspaceMgr MGR = LayerWorkspaceMgr.noWorkspaces();

  /** The output layer (index 2) of {@code net}, given input, labels and mask. */
  private static Layer outputLayer(MultiLayerNetwork net, INDArray h, INDArray y, INDArray mask) {
    Layer l = net.getLayer(2);
    l.setInput(h, MGR);
    ((org.deeplearning4j.nn.layers.BaseOutputLayer<?>) l).setLabels(y);
    l.setMaskArray(mask);
    return l;
  }

  private static void assertGradientsEqual(Pair<Gradient, INDArray> want, Gradient got) {
    for (String key : new String[] {"W", "b"}) {
      INDArray w = want.getFirst().getGradientFor(key);
      double d = maxRelDiff(w, got.getGradientFor(key));
      assertTrue(d < 2e-5, key + ": relative difference " + d);
      assertTrue(w.norm2Number().doubleValue() > 1e-3, key + " gradient is zero");
    }
  }

  /**
   * Score, weight gradients and input gradient against DL4J's layer, with and without a padded-tail
   * label mask; with dropout, DL4J's layer is given the input the fast layer's dropout produced.
   */
  private static void compare(INDArray mask, double keep) {
    Random r = new Random(6);
    INDArray h = random(r, 4, 5, 13);
    INDArray y = labels(r, 4, 13);
    MultiLayerNetwork fastNet = network(keep);
    FastLstmLayer.install(fastNet);
    FastRnnOutputLayer fast = (FastRnnOutputLayer) outputLayer(fastNet, h, y, mask);
    Nd4j.getRandom().setSeed(42);
    Pair<Gradient, INDArray> gf = fast.backpropGradient(null, MGR);
    double scoreFast = fast.computeScore(0.25, true, MGR);
    assertEquals(1, fast.fastBackwardPasses());

    INDArray[] hd = {h};
    RowDropout d = keep < 1 ? dropped(h, keep, 42, hd) : null;
    Layer plain = outputLayer(network(), hd[0], y, mask); // DL4J's layer, no dropout
    Pair<Gradient, INDArray> gp = plain.backpropGradient(null, MGR);
    double scorePlain =
        ((org.deeplearning4j.nn.api.layers.IOutputLayer) plain).computeScore(0.25, true, MGR);
    assertEquals(scorePlain, scoreFast, 1e-5 * Math.abs(scorePlain));
    assertGradientsEqual(gp, gf.getFirst());
    INDArray epsPlain = d == null ? gp.getSecond() : masked(d, gp.getSecond());
    double diff = maxRelDiff(epsPlain, gf.getSecond());
    assertTrue(diff < 2e-5, "input gradient: relative difference " + diff);
  }

  @Test
  void equalsDl4jsLayerWithoutMask() {
    compare(null, 1.0);
  }

  @Test
  void equalsDl4jsLayerWithAPaddedTailLabelMask() {
    compare(tailMask(13, 13, 5, 1, 9), 1.0);
  }

  @Test
  void withDropoutEqualsDl4jsLayerOnTheDroppedInput() {
    compare(tailMask(13, 13, 5, 1, 9), 0.6);
  }

  @Test
  void scoresOutsideATrainingStepAndPerOutputMasksGoToDl4j() {
    Random r = new Random(9);
    INDArray h = random(r, 3, 5, 7);
    INDArray y = labels(r, 3, 7);
    MultiLayerNetwork fastNet = network();
    FastLstmLayer.install(fastNet);
    FastRnnOutputLayer fast = (FastRnnOutputLayer) outputLayer(fastNet, h, y, null);
    Layer plain = outputLayer(network(), h, y, null);
    double want =
        ((org.deeplearning4j.nn.api.layers.IOutputLayer) plain).computeScore(0, false, MGR);
    assertEquals(want, fast.computeScore(0, false, MGR), 1e-6 * Math.abs(want));

    // DL4J refuses per-output masks with softmax + MCXENT; the fast layer leaves it to DL4J
    INDArray perOutput = Nd4j.ones(DataType.FLOAT, 3, 6, 7);
    FastRnnOutputLayer perOutputLayer = (FastRnnOutputLayer) outputLayer(fastNet, h, y, perOutput);
    assertThrows(
        UnsupportedOperationException.class, () -> perOutputLayer.backpropGradient(null, MGR));
    assertThrows(
        UnsupportedOperationException.class,
        () -> outputLayer(network(), h, y, perOutput).backpropGradient(null, MGR));
    assertEquals(0, perOutputLayer.fastBackwardPasses());
  }
}
