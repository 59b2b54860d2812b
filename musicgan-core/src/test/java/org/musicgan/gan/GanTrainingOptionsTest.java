package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GanTrainingOptionsTest {
  @Test
  void eachCopyChangesOnlyItsOwnSettings() {
    GanTrainingOptions tf = GanTrainingOptions.stackGan();
    GanTrainingOptions o =
        tf.withBatchSize(16)
            .withLrHalvingSteps(2000)
            .withRealLabel(0.9)
            .withInstanceNoise(0.1, 2000)
            .withAugmentShift(8)
            .withDLearningRateScale(0.25)
            .withDFirstChannelOnly(true)
            .withLearningRate(1e-4)
            .withAuxWeight(5)
            .withReuseFake(true)
            .withLowBandWeight(10)
            .withHoldEveryCell(true);
    assertEquals(
        new GanTrainingOptions(
            16,
            1e-4,
            tf.beta1(),
            tf.klWeight(),
            2000,
            tf.wrongPairs(),
            0.9,
            0.1,
            2000,
            5,
            8,
            0.25,
            true,
            true,
            10,
            true),
        o);
    assertEquals(
        tf,
        o.withBatchSize(64)
            .withLrHalvingSteps(0)
            .withRealLabel(1.0)
            .withInstanceNoise(0, 0)
            .withAugmentShift(0)
            .withDLearningRateScale(1.0)
            .withDFirstChannelOnly(false)
            .withLearningRate(2e-4)
            .withAuxWeight(1.0)
            .withReuseFake(false)
            .withLowBandWeight(0)
            .withHoldEveryCell(false));
  }

  @Test
  void copiesAreValidatedToo() {
    assertThrows(
        IllegalArgumentException.class, () -> GanTrainingOptions.stackGan().withBatchSize(1));
    assertThrows(
        IllegalArgumentException.class,
        () -> GanTrainingOptions.stackGan().withDLearningRateScale(0));
  }
}
