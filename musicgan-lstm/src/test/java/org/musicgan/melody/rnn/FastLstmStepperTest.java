package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicgan.melody.events.Melody;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FastLstmStepperTest {
  @Test
  void rationalTanhIsWithin4e7OfMathTanh() {
    double worst = 0;
    for (int i = -2_000_000; i <= 2_000_000; i++) {
      float x = (float) (i * 1e-5);
      worst = Math.max(worst, Math.abs(FastLstmStepper.tanh(x) - Math.tanh(x)));
    }
    assertTrue(worst < 4e-7, "worst error " + worst);
    assertEquals(1f, FastLstmStepper.tanh(1e6f));
    assertEquals(-1f, FastLstmStepper.tanh(-1e6f));
  }

  @Test
  void sigmoidThroughTanhIsWithin3e7OfTheLogistic() {
    double worst = 0;
    for (int i = -2_000_000; i <= 2_000_000; i++) {
      float x = (float) (i * 2e-5);
      worst = Math.max(worst, Math.abs(FastLstmStepper.sigmoid(x) - 1 / (1 + Math.exp(-x))));
    }
    assertTrue(worst < 3e-7, "worst error " + worst);
    assertEquals(1f, FastLstmStepper.sigmoid(1e6f));
    assertEquals(0f, FastLstmStepper.sigmoid(-1e6f));
  }

  @Test
  void matchesDl4jRnnTimeStepOverManySteps() {
    MelodyRnnModel model =
        MelodyRnnModel.create(MelodyRnnConfig.LOOKBACK_RNN.withTraining(8, List.of(24, 16)), 5);
    model.fit(
        model.batch(
            List.of(MelodyRnnModelTest.scaleMelody(2, 0), MelodyRnnModelTest.scaleMelody(2, 3))));
    FastLstmStepper fast = new FastLstmStepper(model.network());
    FastLstmStepper.State state = fast.newState();
    model.network().rnnClearPreviousState();
    Melody m = MelodyRnnModelTest.scaleMelody(2, 1);
    for (int t = 0; t < m.length(); t++) {
      float[] x = model.encoder().eventsToInput(m, t);
      INDArray out = model.network().rnnTimeStep(Nd4j.create(x, new long[] {1, x.length, 1}, 'c'));
      float[] expected =
          out.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(0)).toFloatVector();
      assertArrayEquals(expected, fast.step(state, x), 1e-5f, "step " + t);
    }
  }

  /** Six branches (a 4-row block and 2 rows of tail in the kernel) stepped together or alone. */
  @Test
  void batchedStepsEqualSingleSteps() {
    for (MelodyRnnConfig config :
        List.of(MelodyRnnConfig.LOOKBACK_RNN, MelodyRnnConfig.ATTENTION_RNN)) {
      MelodyRnnModel model = MelodyRnnModel.create(config.withTraining(4, List.of(16, 12)), 7);
      model.fit(model.batch(List.of(MelodyRnnModelTest.scaleMelody(2, 0))));
      FastLstmStepper fast = new FastLstmStepper(model.network());
      int branches = 6;
      FastLstmStepper.State[] alone = new FastLstmStepper.State[branches];
      FastLstmStepper.State[] together = new FastLstmStepper.State[branches];
      Melody[] melodies = new Melody[branches];
      for (int i = 0; i < branches; i++) {
        alone[i] = fast.newState();
        together[i] = fast.newState();
        melodies[i] = MelodyRnnModelTest.scaleMelody(3, i); // different inputs per branch
      }
      for (int t = 0; t < 46; t++) { // past attention_rnn's 40-step window
        float[][] x = new float[branches][];
        for (int i = 0; i < branches; i++) {
          x[i] = model.encoder().eventsToInput(melodies[i], t);
        }
        float[][] batched = fast.step(together, x);
        for (int i = 0; i < branches; i++) {
          assertArrayEquals(
              fast.step(alone[i], x[i]), batched[i], 1e-6f, config.name() + " branch " + i);
        }
      }
    }
  }
}
