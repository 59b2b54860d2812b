package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.FeatureSchema;

class StackGanTrainerTest {
  static final StackGanConfig SMALL = StackGanConfig.small(2, 2);

  /** Two classes that differ everywhere: +0.6 / -0.6 with a little texture. */
  static GanDataset separable(int n) {
    List<float[][][]> t = new ArrayList<>();
    List<float[]> c = new ArrayList<>();
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < n; i++) {
      float sign = i % 2 == 0 ? 1 : -1;
      float[][][] x = new float[2][64][64];
      for (float[][] ch : x) {
        for (float[] row : ch) {
          for (int k = 0; k < 64; k++) {
            row[k] = sign * 0.6f + 0.1f * (float) r.nextGaussian();
          }
        }
      }
      t.add(x);
      c.add(i % 2 == 0 ? new float[] {1, 0} : new float[] {0, 1});
    }
    return GanDataset.of(t, c);
  }

  @Test
  void lossesStayFiniteAndTheDiscriminatorLearnsASeparableCase() {
    GanDataset data = separable(16);
    StackGanTrainer t =
        new StackGanTrainer(SMALL, GanTrainingOptions.stackGan().withBatchSize(8), 3);
    List<StepStats> stats = new ArrayList<>();
    StackGanTrainer.FitResult res =
        t.fit(
            data,
            30,
            CollapseGuard.defaults(),
            false,
            List.of(
                new StackGanTrainer.Listener() {
                  @Override
                  public void onStep(StackGanTrainer tr, StepStats s) {
                    stats.add(s);
                  }
                }));
    assertEquals(30, res.steps());
    assertTrue(stats.stream().allMatch(StepStats::finite));
    double first = stats.get(0).dLoss();
    double last = stats.subList(25, 30).stream().mapToDouble(StepStats::dLoss).average().orElse(0);
    assertTrue(last < first - 0.3, "D loss " + first + " -> " + last);
    // D tells real from generated clips
    StepStats end = stats.get(29);
    assertTrue(end.pReal() - end.pFake() > 0.3, end.toString());
    assertEquals(
        Double.NaN,
        GanLosses.sigmoidCrossEntropy(
            org.nd4j.linalg.factory.Nd4j.create(new float[] {Float.NaN}), 1),
        0);
  }

  @Test
  void reusingTheFakeBatchChangesOnlyTheGeneratorStep() {
    org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(4);
    var real = org.nd4j.linalg.factory.Nd4j.rand(8, 2, 64, 64).muli(2).subi(1);
    var cond = org.nd4j.linalg.factory.Nd4j.zeros(8, 2);
    for (int i = 0; i < 8; i++) {
      cond.putScalar(i, i % 2, 1);
    }
    var wrong =
        org.nd4j.linalg.factory.Nd4j.vstack(
            cond.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 8),
                org.nd4j.linalg.indexing.NDArrayIndex.all()),
            cond.getRow(0, true));
    GanTrainingOptions opts = GanTrainingOptions.stackGan().withBatchSize(8);
    StackGanTrainer fresh = new StackGanTrainer(SMALL, opts, 7);
    StackGanTrainer reuse = new StackGanTrainer(SMALL, opts.withReuseFake(true), 7);
    StackGanTrainer again = new StackGanTrainer(SMALL, opts.withReuseFake(true), 7);
    StepStats f = fresh.step(real, cond, wrong);
    StepStats r = reuse.step(real, cond, wrong);
    again.step(real, cond, wrong);
    // the D step (its fake batch included) is the same either way
    assertEquals(f.dLoss(), r.dLoss(), 1e-6);
    assertEquals(fresh.discriminator().params(), reuse.discriminator().params());
    // the G step is not: it back-propagates through another batch
    assertTrue(!fresh.generator().params().equals(reuse.generator().params()));
    assertTrue(f.gLoss() != r.gLoss());
    // and reusing is deterministic for a seed
    assertEquals(reuse.generator().params(), again.generator().params());
  }

  /**
   * The real and mismatched pairs scored in one pass (one encoder pass, head statistics per kind of
   * pair) take exactly the step of two separate passes, with and without the auxiliary classifier.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void oneEncoderPassForRealAndMismatchedPairsTakesTheSameStep(boolean aux) {
    var dtype = org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType();
    org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(
        org.nd4j.linalg.api.buffer.DataType.DOUBLE, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    try {
      org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(11);
      var real = org.nd4j.linalg.factory.Nd4j.rand(6, 2, 64, 64).muli(2).subi(1);
      var cond = org.nd4j.linalg.factory.Nd4j.zeros(6, 2);
      var wrong = org.nd4j.linalg.factory.Nd4j.zeros(6, 2);
      for (int i = 0; i < 6; i++) {
        cond.putScalar(i, i % 2, 1);
        wrong.putScalar(i, 1 - i % 2, 1);
      }
      StackGanConfig cfg = aux ? SMALL.withAuxClassifier(true) : SMALL;
      GanTrainingOptions opts = GanTrainingOptions.stackGan().withBatchSize(6);
      StackGanTrainer paired = new StackGanTrainer(cfg, opts, 9);
      StackGanTrainer separate = new StackGanTrainer(cfg, opts, 9);
      separate.pairedPass = false;
      assertTrue(paired.pairsShareEncoder());
      assertTrue(!separate.pairsShareEncoder());
      for (int s = 0; s < 2; s++) {
        StepStats a = paired.step(real, cond, wrong);
        StepStats b = separate.step(real, cond, wrong);
        assertEquals(b.dReal(), a.dReal(), 1e-12, "step " + s);
        assertEquals(b.dWrong(), a.dWrong(), 1e-12, "step " + s);
        assertEquals(b.dFake(), a.dFake(), 1e-12, "step " + s);
        assertEquals(b.pReal(), a.pReal(), 1e-12, "step " + s);
        assertEquals(b.gLoss(), a.gLoss(), 1e-9, "step " + s);
        if (aux) {
          assertEquals(b.dAux(), a.dAux(), 1e-12, "step " + s);
        }
      }
      // D's parameters include the running statistics of its batch normalisations
      double dDiff =
          paired
              .discriminator()
              .params()
              .sub(separate.discriminator().params())
              .amaxNumber()
              .doubleValue();
      double gDiff =
          paired.generator().params().sub(separate.generator().params()).amaxNumber().doubleValue();
      assertEquals(0, dDiff, 1e-10);
      assertEquals(0, gDiff, 1e-10);
    } finally {
      org.nd4j.linalg.factory.Nd4j.setDefaultDataTypes(dtype, dtype);
    }
  }

  @Test
  void theAuxiliaryClassifierLearnsTheConditionAndTeachesItToTheGenerator() {
    GanDataset data = separable(16);
    StackGanTrainer t =
        new StackGanTrainer(
            SMALL.withAuxClassifier(true),
            GanTrainingOptions.stackGan().withBatchSize(8).withAuxWeight(5),
            3);
    List<StepStats> stats = new ArrayList<>();
    t.fit(
        data,
        40,
        CollapseGuard.defaults(),
        false,
        List.of(
            new StackGanTrainer.Listener() {
              @Override
              public void onStep(StackGanTrainer tr, StepStats s) {
                stats.add(s);
              }
            }));
    assertTrue(stats.stream().allMatch(StepStats::finite));
    double dAux0 = stats.get(0).dAux();
    double gAux0 = stats.get(0).gAux();
    double dAux = stats.subList(35, 40).stream().mapToDouble(StepStats::dAux).average().orElse(9);
    double gAux = stats.subList(35, 40).stream().mapToDouble(StepStats::gAux).average().orElse(9);
    // D reads the class of real clips; G's clips become readable as the class they were given
    assertTrue(dAux < 0.5 * dAux0, "D aux " + dAux0 + " -> " + dAux);
    assertTrue(gAux < 0.5 * gAux0, "G aux " + gAux0 + " -> " + gAux);
    // the aux head reads the image alone: the condition input does not change it
    var img = data.batch(0, 4, 1).real();
    var d = t.discriminator();
    var a = d.output(false, img, org.nd4j.linalg.factory.Nd4j.zeros(4, 2))[1];
    var b = d.output(false, img, org.nd4j.linalg.factory.Nd4j.ones(4, 2))[1];
    assertEquals(a, b);
    assertEquals(2, a.size(1));
    // aux targets outside [0, 1] are refused with a clear message
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                t.step(
                    img,
                    org.nd4j.linalg.factory.Nd4j.ones(4, 2).muli(3),
                    org.nd4j.linalg.factory.Nd4j.zeros(4, 2)));
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
  }

  @Test
  void bundleRoundTripResumesWithTheIdenticalNextStep(@TempDir Path dir) throws IOException {
    GanDataset data = separable(8);
    GanTrainingOptions opts =
        GanTrainingOptions.stackGan().withBatchSize(4).withInstanceNoise(0.1, 10).withAuxWeight(2);
    StackGanTrainer a = new StackGanTrainer(SMALL.withAuxClassifier(true), opts, 11);
    a.fit(data, 2, CollapseGuard.defaults(), false, List.of());
    FeatureSchema schema =
        new FeatureSchema(
            List.of(FeatureSchema.Feature.categorical("class", List.of("up", "down"))));
    Normalizer norm =
        Normalizer.fitter(Normalizer.Mode.MIN_MAX, 2).add(new float[2][64][64]).build();
    Path file = dir.resolve("model.gan.zip");
    GanBundle.save(
        file,
        a,
        RepresentationPreset.MAGNITUDE_PHASE_LOG_STAGE_I,
        norm,
        schema,
        GanBundle.Provenance.of("synthetic", "CC0", Map.of("steps", 2.0)));
    GanBundle.Loaded loaded = GanBundle.load(file);
    StackGanTrainer b = loaded.trainer();
    assertEquals(2, b.steps());
    assertEquals(a.generator().params(), b.generator().params());
    assertEquals(a.discriminator().params(), b.discriminator().params());
    assertEquals("synthetic", loaded.manifest().provenance().corpus());
    assertEquals(schema, loaded.schema());
    // the next step is the same step in both runs (noise, batch, Adam state)
    StepStats sa = a.fit(data, 3, CollapseGuard.defaults(), false, List.of()).last();
    StepStats sb = b.fit(data, 3, CollapseGuard.defaults(), false, List.of()).last();
    assertEquals(sa, sb);
    assertEquals(a.generator().params(), b.generator().params());
    assertEquals(a.discriminator().params(), b.discriminator().params());
    // generation is deterministic per seed, and batch entry i equals a single call
    StackGanGenerator gen = new StackGanGenerator(loaded);
    float[] up = schema.vector(Map.of("class", "up"));
    float[] down = schema.vector(Map.of("class", "down"));
    var one = gen.generate(down, 5);
    var two = gen.generate(List.of(down, up), 5);
    assertEquals(gen.representation().clipSamples(), one.length());
    // equal up to float rounding (the matrix products block differently for other batch sizes)
    org.junit.jupiter.api.Assertions.assertArrayEquals(one.samples(), two.get(0).samples(), 1e-5f);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        one.samples(), gen.generate(down, 5).samples());
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        gen.generate(Map.of("class", "up"), 9).samples(), gen.generate(up, 9).samples());
    assertThrows(IllegalArgumentException.class, () -> gen.generate(new float[3], 1));
  }

  @Test
  void corruptBundlesAreTypedErrorsNamingTheFile(@TempDir Path dir) throws IOException {
    Path junk = dir.resolve("junk.gan.zip");
    Files.write(junk, new byte[] {1, 2, 3});
    IOException e = assertThrows(IOException.class, () -> GanBundle.load(junk));
    assertTrue(e.getMessage().contains("junk.gan.zip"), e.getMessage());
  }

  @Test
  void collapseGuardReportsADiscriminatorThatHasWon() {
    CollapseGuard.Monitor m = new CollapseGuard(0.02, 1e-6, 3).monitor();
    StepStats ok = new StepStats(0, 1.2, 0.6, 0.7, 0.6, 1.0, 0.1, 0.6, 0.4, 1e-3, 2e-4);
    StepStats won =
        new StepStats(1, 0.001, 0.0005, 0.0005, 0.0005, 9.0, 0.1, 0.999, 0.001, 1e-3, 2e-4);
    assertEquals(CollapseGuard.Verdict.OK, m.check(ok));
    assertEquals(CollapseGuard.Verdict.SUSPECT, m.check(won));
    assertEquals(CollapseGuard.Verdict.SUSPECT, m.check(won));
    assertEquals(CollapseGuard.Verdict.COLLAPSED, m.check(won));
    assertTrue(m.reason().contains("D loss within"), m.reason());
    assertEquals(CollapseGuard.Verdict.STILL_COLLAPSED, m.check(won));
    assertEquals(CollapseGuard.Verdict.OK, m.check(ok));
    StepStats nan = new StepStats(2, Double.NaN, 0, 0, 0, 1, 0, 0, 0, 0, 0);
    assertEquals(CollapseGuard.Verdict.COLLAPSED, m.check(nan));
    // with label smoothing 0.9, D's floor is the label entropy 0.325: 0.33 is a win
    CollapseGuard.Monitor smoothed = new CollapseGuard(0.02, 1e-6, 1).monitor(0.9);
    StepStats atFloor = new StepStats(3, 0.33, 0.33, 0.001, 0.001, 6.0, 0.1, 0.9, 0.0, 1e-2, 2e-4);
    assertEquals(CollapseGuard.Verdict.COLLAPSED, smoothed.check(atFloor));
    assertEquals(
        CollapseGuard.Verdict.OK, new CollapseGuard(0.02, 1e-6, 1).monitor(1.0).check(atFloor));
  }
}
