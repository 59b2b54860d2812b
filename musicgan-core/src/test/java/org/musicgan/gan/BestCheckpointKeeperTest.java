package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.FeatureSchema;

/** The best checkpoint by evaluation is the one kept, across a resume. */
class BestCheckpointKeeperTest {
  static final FeatureSchema SCHEMA =
      new FeatureSchema(List.of(FeatureSchema.Feature.categorical("class", List.of("up", "down"))));

  /** Scripted scores, and the step of every bundle it was shown. */
  static final class Script implements BestCheckpointKeeper.Evaluator {
    final Deque<double[]> scores = new ArrayDeque<>();
    final List<Long> seen = new ArrayList<>();

    Script(double[]... s) {
      scores.addAll(List.of(s));
    }

    @Override
    public GanEvaluation.Result evaluate(StackGanGenerator g) {
      seen.add(g.manifest().steps());
      double[] s = scores.removeFirst();
      return new GanEvaluation.Result(1, 2, s[0], 1, s[1], Map.of(), Double.NaN, Double.NaN);
    }
  }

  static List<StackGanTrainer.Listener> listeners(Path dir, BestCheckpointKeeper keeper) {
    Normalizer norm =
        Normalizer.fitter(Normalizer.Mode.MIN_MAX, 2).add(new float[2][64][64]).build();
    return List.of(
        new GanCheckpointer(
            dir.resolve("model.gan.zip"),
            2,
            RepresentationPreset.MAGNITUDE_PHASE_LOG_STAGE_I,
            norm,
            SCHEMA,
            GanBundle.Provenance.of("synthetic", "CC0", Map.of())),
        keeper);
  }

  @Test
  void keepsTheBestCheckpointAndResumesWithIt(@TempDir Path dir) throws IOException {
    GanDataset data = StackGanTrainerTest.separable(8);
    Path model = dir.resolve("model.gan.zip");
    Path best = dir.resolve("best.gan.zip");
    // steps 2, 4, 6: the accuracy peaks at step 4; step 6 ties it at a larger distance
    Script script =
        new Script(new double[] {0.5, 90}, new double[] {0.75, 80}, new double[] {0.75, 85});
    BestCheckpointKeeper keeper = new BestCheckpointKeeper(model, best, 2, script);
    StackGanTrainer t =
        new StackGanTrainer(
            StackGanTrainerTest.SMALL, GanTrainingOptions.stackGan().withBatchSize(4), 3);
    t.fit(data, 6, CollapseGuard.defaults(), false, listeners(dir, keeper));
    // every checkpoint evaluated once (the end, at step 6, is not evaluated twice)
    assertEquals(List.of(2L, 4L, 6L), script.seen);
    assertEquals(4, GanBundle.load(best).manifest().steps());
    assertEquals(6, GanBundle.load(model).manifest().steps());
    assertEquals(4, keeper.best().step());
    List<String> csv = Files.readAllLines(dir.resolve("evaluation.csv"));
    assertEquals(BestCheckpointKeeper.HEADER, csv.get(0));
    assertEquals(4, csv.size());
    assertTrue(csv.get(1).startsWith("2,0.5,90.0,true"), csv.get(1));
    assertTrue(csv.get(2).startsWith("4,0.75,80.0,true"), csv.get(2));
    assertTrue(csv.get(3).startsWith("6,0.75,85.0,false"), csv.get(3));

    // resumed: the earlier best stands until a later checkpoint beats it
    Script more = new Script(new double[] {0.7, 10}, new double[] {0.75, 70});
    BestCheckpointKeeper again = new BestCheckpointKeeper(model, best, 2, more);
    assertEquals(4, again.best().step());
    assertEquals(3, again.rows().size());
    StackGanTrainer resumed = GanBundle.load(model).trainer();
    resumed.fit(data, 8, CollapseGuard.defaults(), false, listeners(dir, again));
    assertEquals(List.of(8L), more.seen);
    assertEquals(4, GanBundle.load(best).manifest().steps());
    assertFalse(again.rows().get(3).best());
    resumed.fit(data, 10, CollapseGuard.defaults(), false, listeners(dir, again));
    assertEquals(10, GanBundle.load(best).manifest().steps());
    assertEquals(10, again.best().step());
    assertEquals(6, Files.readAllLines(dir.resolve("evaluation.csv")).size());
  }

  @Test
  void aBrokenEvaluationLogIsATypedErrorNamingTheFile(@TempDir Path dir) throws IOException {
    Path best = dir.resolve("best.gan.zip");
    Files.write(best, new byte[] {1});
    Path csv = dir.resolve("evaluation.csv");
    Files.writeString(csv, "step,loss\n1,2\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BestCheckpointKeeper(dir.resolve("m.zip"), best, 2, new Script()));
    assertTrue(e.getMessage().contains(csv.toString()), e.getMessage());
    Files.writeString(csv, BestCheckpointKeeper.HEADER + "\n2,0.5,x,true\n");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BestCheckpointKeeper(dir.resolve("m.zip"), best, 2, new Script()));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
