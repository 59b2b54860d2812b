package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StageIINetworksTest {
  static final StackGanConfig SMALL = StackGanConfig.small(4, 2);

  @Test
  void stageIIShapes() {
    var g = StageIINetworks.generator(SMALL, 1, StageINetworks.defaultUpdater());
    INDArray[] out =
        g.output(
            false,
            Nd4j.rand(2, 4),
            Nd4j.rand(2, 2, 64, 64).muli(2).subi(1),
            Nd4j.randn(2, SMALL.cDim()));
    assertArrayEquals(new long[] {2, 2, 256, 256}, out[0].shape());
    assertTrue(out[0].amaxNumber().doubleValue() <= 1.0);
    assertArrayEquals(new long[] {2, SMALL.cDim()}, out[1].shape());
    var d =
        StageIINetworks.discriminator(
            SMALL.withAuxClassifier(true), 2, StageINetworks.defaultUpdater());
    INDArray[] logits = d.output(false, out[0], Nd4j.rand(2, 4));
    assertArrayEquals(new long[] {2, 1, 1, 1}, logits[0].shape());
    assertArrayEquals(new long[] {2, 4}, logits[1].shape());
  }

  @Test
  void stageIITrainsOnTopOfAFrozenStageI() {
    var stageI = StageINetworks.generator(SMALL, 1, StageINetworks.defaultUpdater());
    INDArray frozen = stageI.params().dup();
    StackGanTrainer t =
        StackGanTrainer.stageII(
            SMALL.withAuxClassifier(true),
            GanTrainingOptions.stackGan().withBatchSize(4),
            7,
            stageI);
    assertTrue(t.stageII());
    // two classes of 256x256 tensors: +0.5 / -0.5
    List<float[][][]> x = new ArrayList<>();
    List<float[]> c = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      float v = i % 2 == 0 ? 0.5f : -0.5f;
      float[][][] a = new float[2][256][256];
      for (float[][] ch : a) {
        for (float[] row : ch) {
          java.util.Arrays.fill(row, v);
        }
      }
      x.add(a);
      c.add(i % 2 == 0 ? new float[] {1, 0, 0, 1} : new float[] {0, 1, 1, 0});
    }
    GanDataset data = GanDataset.of(x, c);
    List<StepStats> stats = new ArrayList<>();
    t.fit(
        data,
        6,
        CollapseGuard.defaults(),
        false,
        List.of(
            new StackGanTrainer.Listener() {
              @Override
              public void onStep(StackGanTrainer tr, StepStats s) {
                stats.add(s);
              }
            }));
    assertEquals(6, stats.size());
    assertTrue(stats.stream().allMatch(StepStats::finite), stats.toString());
    // D separates real from generated within a few steps; Stage I is never updated
    assertTrue(stats.get(5).pReal() > stats.get(5).pFake(), stats.get(5).toString());
    assertEquals(frozen, stageI.params());
    // Stage I sized tensors are refused with the expected shape in the message
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> t.step(Nd4j.zeros(4, 2, 64, 64), Nd4j.zeros(4, 4), null));
    assertTrue(e.getMessage().contains("256"), e.getMessage());
    // a Stage I generator of other sizes is refused
    assertThrows(
        IllegalArgumentException.class,
        () ->
            StackGanTrainer.stageII(
                StackGanConfig.small(5, 2), GanTrainingOptions.stackGan(), 1, stageI));
  }
}
