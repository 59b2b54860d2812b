package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StageINetworksTest {
  static final StackGanConfig SMALL = StackGanConfig.small(10, 2);

  @Test
  void generatorMakesTanhImagesAndCaStatistics() {
    ComputationGraph g = StageINetworks.generator(SMALL, 1);
    Nd4j.getRandom().setSeed(3);
    INDArray[] out =
        g.output(false, Nd4j.rand(4, 10), Nd4j.randn(4, SMALL.zDim()), Nd4j.randn(4, SMALL.cDim()));
    assertArrayEquals(new long[] {4, 2, 64, 64}, out[0].shape());
    assertTrue(out[0].amaxNumber().doubleValue() <= 1.0);
    assertArrayEquals(new long[] {4, SMALL.cDim()}, out[1].shape());
    assertArrayEquals(new long[] {4, SMALL.cDim()}, out[2].shape());
    // c = mu + exp(log sigma) * eps: with eps = 0 the image depends on mu only
    INDArray cond = Nd4j.rand(2, 10);
    INDArray z = Nd4j.randn(2, SMALL.zDim());
    INDArray a = g.output(false, cond, z, Nd4j.zeros(2, SMALL.cDim()))[0];
    INDArray b = g.output(false, cond, z, Nd4j.zeros(2, SMALL.cDim()))[0];
    assertEquals(a, b);
  }

  @Test
  void discriminatorGivesOneLogitPerImage() {
    ComputationGraph d = StageINetworks.discriminator(SMALL, 2);
    INDArray logit = d.output(false, Nd4j.rand(3, 2, 64, 64).muli(2).subi(1), Nd4j.rand(3, 10))[0];
    assertArrayEquals(new long[] {3, 1, 1, 1}, logit.shape());
  }

  @Test
  void paperWidthsMatchStackGanParameterCounts() {
    StackGanConfig paper = StackGanConfig.paper(10, 3);
    ComputationGraph g = StageINetworks.generator(paper, 1);
    // FC 228 -> 16384 alone holds 3.7M weights; the whole Stage I G is ~ 12M parameters (TF)
    assertTrue(
        g.numParams() > 10_000_000 && g.numParams() < 16_000_000, "G params " + g.numParams());
    ComputationGraph d = StageINetworks.discriminator(paper, 1);
    assertTrue(d.numParams() > 2_000_000 && d.numParams() < 5_000_000, "D params " + d.numParams());
  }

  @Test
  void waveformAdapterAddsOneLayerAtEachEndAndKeepsShapes() {
    StackGanConfig raw = StackGanConfig.small(10, 3).withWaveformAdapter(true);
    ComputationGraph g = StageINetworks.generator(raw, 1);
    ComputationGraph plain = StageINetworks.generator(StackGanConfig.small(10, 3), 1);
    assertTrue(g.getLayer("image_pre") != null);
    assertEquals(plain.getLayers().length + 1, g.getLayers().length);
    INDArray img =
        g.output(false, Nd4j.rand(2, 10), Nd4j.randn(2, raw.zDim()), Nd4j.randn(2, raw.cDim()))[0];
    assertArrayEquals(new long[] {2, 3, 64, 64}, img.shape());
    ComputationGraph d = StageINetworks.discriminator(raw, 2);
    assertTrue(d.getLayer("wave_in") != null);
    assertArrayEquals(new long[] {2, 1, 1, 1}, d.output(false, img, Nd4j.rand(2, 10))[0].shape());
  }
}
