package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.musicgan.melody.events.Melody;
import org.nd4j.linalg.dataset.DataSet;

class MelodyRnnModelTest {
  static final MelodyRnnConfig TINY = MelodyRnnConfig.BASIC_RNN.withTraining(8, List.of(16, 16));

  /** A scale that repeats every bar: a learnable pattern. */
  static Melody scaleMelody(int bars, int offset) {
    int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
    int[] ev = new int[bars * 16];
    for (int i = 0; i < ev.length; i++) {
      ev[i] = i % 2 == 0 ? scale[(i / 2 + offset) % 8] : -2;
    }
    return new Melody(ev);
  }

  @Test
  void batchHasPaddedFeaturesLabelsAndMask() {
    MelodyRnnModel model = MelodyRnnModel.create(TINY, 1);
    DataSet ds = model.batch(List.of(new Melody(60, -2, 62), new Melody(60, -2, 62, -1, 64)));
    assertArrayEquals(new long[] {2, 38, 4}, ds.getFeatures().shape());
    assertArrayEquals(new long[] {2, 38, 4}, ds.getLabels().shape());
    assertEquals(2.0, ds.getLabelsMaskArray().getRow(0).sumNumber().doubleValue());
    assertEquals(4.0, ds.getLabelsMaskArray().getRow(1).sumNumber().doubleValue());
    // label of step 0 is the class of event 1 (NO_EVENT = 0); input 0 is pitch 60 = class 14
    assertEquals(1f, ds.getLabels().getFloat(0, 0, 0));
    assertEquals(1f, ds.getFeatures().getFloat(0, 14, 0));
  }

  @Test
  void trainingOnARepeatingPatternLowersLossAndFitsIt() {
    MelodyRnnConfig fast =
        new MelodyRnnConfig(
            "test", MelodyRnnConfig.Encoder.ONE_HOT, 48, 84, 0, 8, List.of(32), 1.0, 0, 5, 0.02, 4);
    MelodyRnnModel model = MelodyRnnModel.create(fast, 7);
    List<Melody> data = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      data.add(scaleMelody(2, i));
    }
    DataSet batch = model.batch(data);
    double first = model.evaluate(data, 8).loss();
    for (int step = 0; step < 80; step++) {
      model.fit(batch);
    }
    MelodyRnnModel.Metrics after = model.evaluate(data, 8);
    assertTrue(after.loss() < first / 3, "loss " + first + " -> " + after.loss());
    assertTrue(after.accuracy() > 0.8, "accuracy " + after.accuracy());
    assertEquals(8 * 31, after.steps());
  }

  @Test
  void generationIsDeterministicForASeedAndKeepsThePrimer() {
    MelodyRnnModel model = MelodyRnnModel.create(TINY, 3);
    Melody primer = new Melody(60, -2, 62, -2);
    Melody a = model.generate(primer, 32, 1.0, new SplittableRandom(5));
    Melody b = model.generate(primer, 32, 1.0, new SplittableRandom(5));
    assertEquals(32, a.length());
    assertArrayEquals(a.events(), b.events());
    assertArrayEquals(primer.events(), java.util.Arrays.copyOf(a.events(), 4));
    for (int e : a.events()) {
      assertTrue(e < 0 || (e >= 48 && e < 84), "event " + e);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> model.generate(primer, 4, 1.0, new SplittableRandom(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> model.generate(new Melody(), 8, 1.0, new SplittableRandom(1)));
  }

  @Test
  void temperatureSharpensAndFlattens() {
    float[] p = {0.7f, 0.2f, 0.1f};
    assertArrayEquals(p, MelodyRnnModel.tempered(p, 1.0), 1e-6f);
    assertTrue(MelodyRnnModel.tempered(p, 0.5)[0] > 0.7f);
    assertTrue(MelodyRnnModel.tempered(p, 2.0)[0] < 0.7f);
  }
}
