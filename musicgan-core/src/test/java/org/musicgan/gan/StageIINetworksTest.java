package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.FeatureSchema;
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
    // with directCondition the condition vector is tiled beside c at 16x16
    var direct =
        StageIINetworks.generator(
            SMALL.withDirectCondition(true), 1, StageINetworks.defaultUpdater());
    assertTrue(direct.getVertex("cond_tiled") != null);
    assertTrue(g.getVertex("cond_tiled") == null);
    assertEquals(
        direct.getLayer("joint_conv").getParam("W").size(1),
        g.getLayer("joint_conv").getParam("W").size(1) + 4);
    INDArray low = Nd4j.rand(2, 2, 64, 64).muli(2).subi(1);
    INDArray eps = Nd4j.randn(2, SMALL.cDim());
    assertArrayEquals(
        new long[] {2, 2, 256, 256}, direct.output(false, Nd4j.rand(2, 4), low, eps)[0].shape());
  }

  @Test
  void stageIITrainsOnTopOfAFrozenStageI(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
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
    // a Stage II bundle: saved with its frozen Stage I, loaded, generates 256x256 clips
    java.nio.file.Path file = dir.resolve("stage2.gan.zip");
    FeatureSchema schema =
        new FeatureSchema(
            List.of(
                FeatureSchema.Feature.categorical("a", List.of("x", "y")),
                FeatureSchema.Feature.categorical("b", List.of("u", "v"))));
    Normalizer norm =
        Normalizer.fitter(Normalizer.Mode.MIN_MAX, 2).add(new float[2][256][256]).build();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            GanBundle.save(
                file,
                t,
                RepresentationPreset.MAGNITUDE_PHASE_LOG_STAGE_I,
                norm,
                schema,
                GanBundle.Provenance.of("synthetic", "CC0", java.util.Map.of())));
    GanBundle.save(
        file,
        t,
        RepresentationPreset.MAGNITUDE_PHASE_LOG_STAGE_II,
        norm,
        schema,
        GanBundle.Provenance.of("synthetic", "CC0", java.util.Map.of()));
    GanBundle.Loaded loaded = GanBundle.load(file);
    assertEquals("stage-ii", loaded.manifest().stage());
    assertTrue(loaded.trainer().stageII());
    assertEquals(frozen, loaded.trainer().stageIGenerator().params());
    assertEquals(t.generator().params(), loaded.trainer().generator().params());
    StackGanGenerator gen = new StackGanGenerator(loaded);
    var clip = gen.generate(java.util.Map.of("a", "y", "b", "u"), 3);
    assertEquals(gen.representation().clipSamples(), clip.length());
    assertArrayEquals(
        clip.samples(), gen.generate(java.util.Map.of("a", "y", "b", "u"), 3).samples());
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

  @Test
  void alignedStageIReachesTheOutputThroughItsOwnInput() {
    StackGanConfig cfg = SMALL.withAlignedStageI(true);
    var g = StageIINetworks.generator(cfg, 1, StageINetworks.defaultUpdater());
    // the skip joins gf/4 features and the C aligned channels before the output conv
    assertEquals(Math.max(1, SMALL.gf() / 4) + 2, g.getLayer("image_pre").getParam("W").size(1));
    INDArray c = Nd4j.rand(2, 4);
    INDArray low = Nd4j.rand(2, 2, 64, 64).muli(2).subi(1);
    INDArray eps = Nd4j.randn(2, SMALL.cDim());
    INDArray a = Nd4j.rand(2, 2, 256, 256).muli(2).subi(1);
    INDArray out = g.output(false, c, low, eps, a)[0];
    assertArrayEquals(new long[] {2, 2, 256, 256}, out.shape());
    // a change in one aligned pixel moves only the output pixels the 3x3 output conv reads it at
    INDArray a2 = a.dup();
    a2.putScalar(new long[] {1, 0, 100, 50}, 0.9 - a.getDouble(1, 0, 100, 50));
    INDArray diff = g.output(false, c, low, eps, a2)[0].sub(out);
    assertTrue(diff.getDouble(1, 0, 100, 50) != 0 || diff.getDouble(1, 1, 100, 50) != 0);
    diff.get(
            org.nd4j.linalg.indexing.NDArrayIndex.point(1),
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(99, 102),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(49, 52))
        .assign(0);
    assertEquals(0, diff.amaxNumber().doubleValue(), 0);
    // with the output conv at zero the output is tanh of the aligned input: G starts from it
    g.getLayer("image_pre").params().assign(0);
    INDArray start = g.output(false, c, low, eps, a)[0];
    assertEquals(
        0,
        start
            .sub(org.nd4j.linalg.ops.transforms.Transforms.tanh(a, true))
            .amaxNumber()
            .doubleValue(),
        1e-6);
    // a Stage II trainer for it needs the bridge, and a plain one refuses one
    var stageI = StageINetworks.generator(SMALL, 1, StageINetworks.defaultUpdater());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StackGanTrainer.stageII(cfg, GanTrainingOptions.stackGan(), 1, stageI));
    assertTrue(e.getMessage().contains("needs the bridge"), e.getMessage());
    // the batch goes through the bridge clip by clip, in place
    var bridge = noiseBridge(5);
    INDArray batch = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, 2, 64, 64).subi(0.5);
    INDArray through = StackGanTrainer.aligned(bridge, batch);
    assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, through.dataType());
    for (int i = 0; i < 3; i++) {
      float[][][] t = new float[2][64][64];
      for (int ch = 0; ch < 2; ch++) {
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 64; x++) {
            t[ch][y][x] = (float) batch.getDouble(i, ch, y, x);
          }
        }
      }
      float[][][] want = bridge.apply(t);
      for (int ch = 0; ch < 2; ch++) {
        for (int y = 0; y < 256; y += 17) {
          for (int x = 0; x < 256; x += 13) {
            assertEquals(want[ch][y][x], through.getDouble(i, ch, y, x), 0, i + "," + ch);
          }
        }
      }
    }
  }

  @Test
  void stageIHarmonicsGoWithTheAlignedInputAndMustMatchTheBridge() {
    assertThrows(IllegalArgumentException.class, () -> SMALL.withStageIHarmonics(0.5));
    StackGanConfig cfg = SMALL.withAlignedStageI(true).withStageIHarmonics(0.5);
    assertEquals(0.5, cfg.stageIHarmonics(), 0);
    assertEquals(0, cfg.withAlignedStageI(false).stageIHarmonics(), 0);
    assertEquals(0.5, cfg.withWidths(4, 4).withAuxClassifier(true).stageIHarmonics(), 0);
    assertThrows(IllegalArgumentException.class, () -> cfg.withStageIHarmonics(-0.1));
    var stageI = StageINetworks.generator(SMALL, 1, StageINetworks.defaultUpdater());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StackGanTrainer.stageII(
                    cfg, GanTrainingOptions.stackGan(), 1, stageI, noiseBridge(5)));
    assertTrue(e.getMessage().contains("harmonics"), e.getMessage());
    var plain = noiseBridge(5);
    var excited =
        new org.musicgan.audio.representation.RepresentationBridge(
            plain.from(), plain.fromNormalizer(), plain.to(), plain.toNormalizer(), 0.5);
    assertEquals(
        0.5,
        StackGanTrainer.stageII(cfg, GanTrainingOptions.stackGan(), 1, stageI, excited)
            .stageIBridge()
            .harmonics(),
        0);
    // rephasing: with the aligned input only, kept by the other copies, and matched to the bridge
    assertThrows(IllegalArgumentException.class, () -> SMALL.withStageIRephase(8));
    StackGanConfig rephased = cfg.withStageIRephase(8);
    assertEquals(8, rephased.withWidths(4, 4).withStageIHarmonics(0.3).stageIRephase());
    assertEquals(0, rephased.withAlignedStageI(false).stageIRephase());
    assertThrows(IllegalArgumentException.class, () -> cfg.withStageIRephase(-1));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StackGanTrainer.stageII(
                    rephased, GanTrainingOptions.stackGan(), 1, stageI, excited));
    assertTrue(e.getMessage().contains("Griffin-Lim"), e.getMessage());
    var both =
        new org.musicgan.audio.representation.RepresentationBridge(
            plain.from(), plain.fromNormalizer(), plain.to(), plain.toNormalizer(), 0.5, 8);
    assertEquals(
        8,
        StackGanTrainer.stageII(rephased, GanTrainingOptions.stackGan(), 1, stageI, both)
            .stageIBridge()
            .rephase());
    // the low-band term holds the Stage I band (rows 0-13), or every cell
    GanTrainingOptions held = GanTrainingOptions.stackGan().withLowBandWeight(10);
    for (boolean every : new boolean[] {false, true}) {
      boolean[][] cells = StackGanTrainer.heldCells(excited, held.withHoldEveryCell(every));
      for (boolean[] ch : cells) {
        for (int r = 0; r < ch.length; r++) {
          assertEquals(every || r <= 13, ch[r], "row " + r);
        }
      }
    }
  }

  /**
   * A bridge from log-magnitude + IF Stage I to Stage II whose normalisers are fitted on one clip
   * of Gaussian noise (0.1, from {@code seed}).
   */
  static org.musicgan.audio.representation.RepresentationBridge noiseBridge(long seed) {
    var one = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_I.create();
    var two = RepresentationPreset.LOG_MAGNITUDE_IF_STAGE_II.create();
    java.util.Random r = new java.util.Random(seed);
    float[] noise = new float[two.clipSamples()];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) (0.1 * r.nextGaussian());
    }
    var clip = new org.musicgan.audio.AudioClip(noise, two.sampleRate());
    return new org.musicgan.audio.representation.RepresentationBridge(
        one,
        Normalizer.fitter(Normalizer.Mode.MEAN_STD, 2).add(one.encode(one.fit(clip))).build(),
        two,
        Normalizer.fitter(Normalizer.Mode.MEAN_STD, 2).add(two.encode(clip)).build());
  }
}
