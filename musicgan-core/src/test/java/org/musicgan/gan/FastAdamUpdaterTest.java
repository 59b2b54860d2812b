package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** {@link FastAdamUpdater} against DL4J's {@link AdamUpdater}. */
class FastAdamUpdaterTest {

  /** Largest difference relative to the larger magnitude (plus a floor). */
  private static double relativeError(INDArray a, INDArray b) {
    INDArray scale = Nd4j.math().max(Nd4j.math().abs(a), Nd4j.math().abs(b)).addi(1e-12);
    return Nd4j.math().abs(a.sub(b)).divi(scale).maxNumber().doubleValue();
  }

  @ParameterizedTest
  @CsvSource({"10007, 0", "3, 5", "40000, 99", "5000, 1000"})
  void takesDl4jsStep(int n, int iteration) {
    Nd4j.getRandom().setSeed(n + iteration);
    Adam config =
        Adam.builder()
            .learningRateSchedule(
                new MapSchedule(ScheduleType.ITERATION, java.util.Map.of(0, 2e-4, 50, 1e-4)))
            .beta1(0.5)
            .beta2(0.999)
            .epsilon(1e-8)
            .build();
    // the same starting state in two state arrays ([m, v] halves, v at an offset)
    INDArray state = Nd4j.rand(DataType.FLOAT, 1, 2L * n).muli(0.01);
    INDArray stateFast = state.dup();
    AdamUpdater dl4j = (AdamUpdater) config.instantiate(state, false);
    FastAdamUpdater fast = new FastAdamUpdater(config);
    fast.setStateViewArray(stateFast, new long[] {1, n}, 'c', false);
    for (int t = iteration; t < iteration + 3; t++) {
      INDArray g = Nd4j.randn(DataType.FLOAT, 1, n).muli(0.1);
      INDArray gFast = g.dup();
      dl4j.applyUpdater(g, t, 0);
      fast.applyUpdater(gFast, t, 0);
      assertTrue(relativeError(g, gFast) < 2e-5, "update at iteration " + t);
      assertTrue(relativeError(state, stateFast) < 2e-6, "state at iteration " + t);
    }
  }

  @Test
  void installedInTheTrainerItTakesTheSameStepAsDl4jsAdam() {
    var real = Nd4j.rand(8, 2, 64, 64).muli(2).subi(1);
    var cond = Nd4j.zeros(8, 2);
    for (int i = 0; i < 8; i++) {
      cond.putScalar(i, i % 2, 1);
    }
    var wrong = Nd4j.concat(0, cond.getRows(1, 2, 3, 4, 5, 6, 7), cond.getRows(0));
    GanTrainingOptions opts = GanTrainingOptions.stackGan().withBatchSize(8);
    StackGanTrainer fast = new StackGanTrainer(StackGanTrainerTest.SMALL, opts, 11);
    StackGanTrainer plain = new StackGanTrainer(StackGanTrainerTest.SMALL, opts, 11);
    assertTrue(adamBlocks(fast.generator(), true) > 0);
    assertTrue(adamBlocks(fast.discriminator(), true) > 0);
    restoreDl4jAdam(plain.generator());
    restoreDl4jAdam(plain.discriminator());
    assertEquals(0, adamBlocks(plain.generator(), true));
    // one step: after it the two runs' gradients differ in the last bits, and Adam's update of a
    // parameter whose gradient is near zero is +-lr either way
    fast.step(real, cond, wrong);
    plain.step(real, cond, wrong);
    // D's step is the same to float rounding
    INDArray dDiff = fast.discriminator().params().sub(plain.discriminator().params());
    assertTrue(dDiff.amaxNumber().doubleValue() < 1e-6);
    // G's step goes through D's update, whose last bits differ, and Adam turns a near-zero
    // gradient (the biases ahead of batch norms) into a step of +-lr: only those may differ
    INDArray gDiff = fast.generator().params().sub(plain.generator().params());
    double differing =
        Nd4j.math().abs(gDiff).gt(1e-6).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    assertTrue(differing < 0.01, "fraction of G's parameters that differ: " + differing);
  }

  private static int adamBlocks(ComputationGraph net, boolean fast) {
    int count = 0;
    for (UpdaterBlock b : ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()) {
      if (b.getGradientUpdater() instanceof FastAdamUpdater == fast
          && b.getGradientUpdater() instanceof AdamUpdater) {
        count++;
      }
    }
    return count;
  }

  private static void restoreDl4jAdam(ComputationGraph net) {
    for (UpdaterBlock b : ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()) {
      if (b.getGradientUpdater() instanceof FastAdamUpdater f) {
        AdamUpdater plain = new AdamUpdater(f.getConfig());
        plain.setState(f.getState(), false);
        b.setGradientUpdater(plain);
      }
    }
  }
}
