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
  static final MelodyRnnConfig FAST =
      new MelodyRnnConfig(
          "test", MelodyRnnConfig.Encoder.ONE_HOT, 48, 84, 0, 8, List.of(32), 1.0, 0, 5, 0.02, 4);

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

  /** A one-layer model trained for 80 steps on eight scale melodies, and its data. */
  static MelodyRnnModel trainedOnScales(List<Melody> data) {
    MelodyRnnModel model = MelodyRnnModel.create(FAST, 7);
    for (int i = 0; i < 8; i++) {
      data.add(scaleMelody(2, i));
    }
    DataSet batch = model.batch(data);
    for (int step = 0; step < 80; step++) {
      model.fit(batch);
    }
    return model;
  }

  @Test
  void trainingOnARepeatingPatternLowersLossAndFitsIt() {
    List<Melody> data = new ArrayList<>();
    MelodyRnnModel fresh = MelodyRnnModel.create(FAST, 7);
    MelodyRnnModel model = trainedOnScales(data);
    double first = fresh.evaluate(data, 8).loss();
    MelodyRnnModel.Metrics after = model.evaluate(data, 8);
    assertTrue(after.loss() < first / 3, "loss " + first + " -> " + after.loss());
    assertTrue(after.accuracy() > 0.8, "accuracy " + after.accuracy());
    assertEquals(8 * 31, after.steps());
    // sampling at a hot temperature, wide beams find likelier melodies than single samples
    Melody primer = new Melody(60, -2, 62, -2);
    double sampled = 0;
    double beamed = 0;
    for (int seed = 0; seed < 5; seed++) {
      sampled += logLikelihood(model, model.generate(primer, 24, 2.0, new SplittableRandom(seed)));
      beamed +=
          logLikelihood(
              model, model.generate(primer, 24, 2.0, 8, 4, 1, new SplittableRandom(seed)));
    }
    assertTrue(beamed > sampled, "beam " + beamed + " vs sampling " + sampled);
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
  void beamSearchKeepsThePrimerAndIsDeterministic() {
    MelodyRnnModel model = MelodyRnnModel.create(TINY, 4);
    Melody primer = new Melody(60, -2, 64, -2, 67);
    Melody a = model.generate(primer, 40, 1.0, 4, 2, 4, new SplittableRandom(8));
    Melody b = model.generate(primer, 40, 1.0, 4, 2, 4, new SplittableRandom(8));
    assertEquals(40, a.length());
    assertArrayEquals(a.events(), b.events());
    assertArrayEquals(primer.events(), java.util.Arrays.copyOf(a.events(), 5));
    // plain sampling is the special case beam 1, branch 1, 1 step per iteration
    assertArrayEquals(
        model.generate(primer, 40, 1.0, new SplittableRandom(2)).events(),
        model.generate(primer, 40, 1.0, 1, 1, 1, new SplittableRandom(2)).events());
  }

  private static double logLikelihood(MelodyRnnModel model, Melody m) {
    Melody squashed = m.copy();
    squashed.squash(48, 84, 0);
    return -model.evaluate(java.util.List.of(squashed), 1).loss() * (m.length() - 1);
  }

  @Test
  void temperatureSharpensAndFlattens() {
    float[] p = {0.7f, 0.2f, 0.1f};
    assertArrayEquals(p, MelodyRnnModel.tempered(p, 1.0), 1e-6f);
    assertTrue(MelodyRnnModel.tempered(p, 0.5)[0] > 0.7f);
    assertTrue(MelodyRnnModel.tempered(p, 2.0)[0] < 0.7f);
  }
}
