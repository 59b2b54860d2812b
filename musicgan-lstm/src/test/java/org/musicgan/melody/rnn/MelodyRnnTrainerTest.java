package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.melody.events.Melody;

class MelodyRnnTrainerTest {
  @TempDir Path dir;

  @Test
  void trainsCheckpointsPlotsAndResumes() throws Exception {
    List<Melody> train = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      train.add(MelodyRnnModelTest.scaleMelody(2, i));
    }
    List<Melody> eval = List.of(MelodyRnnModelTest.scaleMelody(2, 6));
    Path bundle = dir.resolve("m.zip");
    MelodyRnnTrainer.Plan plan =
        new MelodyRnnTrainer.Plan(train, eval, "scales", "CC0", 2, 1, bundle);
    MelodyRnnModel model =
        MelodyRnnModel.create(MelodyRnnModelTest.TINY.withTraining(4, List.of(8)), 2);
    LossPlotListener plot = new LossPlotListener(dir.resolve("m-loss"));
    MelodyBundle.Provenance p = MelodyRnnTrainer.train(model, plan, 0, 0, plot);
    assertEquals(4, p.steps()); // 6 melodies, batch 4: 2 steps per epoch
    assertEquals(2, p.epochs());
    assertEquals(6, p.trainMelodies());
    List<String> csv = Files.readAllLines(dir.resolve("m-loss.csv"));
    assertEquals(3, csv.size());
    assertTrue(csv.get(2).startsWith("2,4,"), csv.get(2));
    assertTrue(Files.size(dir.resolve("m-loss.png")) > 5_000);
    // resume from the checkpoint: counters continue
    MelodyBundle.Loaded loaded = MelodyBundle.load(bundle);
    assertEquals(p, loaded.provenance());
    MelodyBundle.Provenance resumed =
        MelodyRnnTrainer.train(
            loaded.model(),
            plan,
            loaded.provenance().steps(),
            loaded.provenance().epochs(),
            new MelodyRnnTrainer.Listener() {});
    assertEquals(8, resumed.steps());
    assertEquals(4, resumed.epochs());
  }
}
