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
}
