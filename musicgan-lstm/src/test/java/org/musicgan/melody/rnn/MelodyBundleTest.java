package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.melody.events.Melody;
import org.musicgan.melody.events.MidiIo;
import org.musicgan.melody.events.NoteSequence;

class MelodyBundleTest {
  @TempDir Path dir;

  static MelodyBundle.Provenance provenance(long steps) {
    return new MelodyBundle.Provenance(
        MelodyBundle.FORMAT,
        "test",
        "CC0",
        8,
        2,
        steps,
        1,
        2.0,
        0.5,
        7.4,
        1,
        "test",
        "java",
        "now");
  }

  @Test
  void saveLoadKeepsWeightsUpdaterAndNextStep() throws IOException {
    MelodyRnnModel model = MelodyRnnModel.create(MelodyRnnModelTest.TINY, 11);
    List<Melody> data =
        List.of(MelodyRnnModelTest.scaleMelody(1, 0), MelodyRnnModelTest.scaleMelody(1, 3));
    var batch = model.batch(data);
    model.fit(batch);
    Path file = dir.resolve("m.zip");
    MelodyBundle.save(model, provenance(1), file);
    MelodyBundle.Loaded loaded = MelodyBundle.load(file);
    assertEquals(MelodyRnnModelTest.TINY, loaded.model().config());
    assertEquals(provenance(1), loaded.provenance());
    assertEquals(model.network().params(), loaded.model().network().params());
    assertEquals(
        model.network().getUpdater().getStateViewArray(),
        loaded.model().network().getUpdater().getStateViewArray());
    // the same samples from the same seed
    Melody primer = new Melody(60, -2);
    assertArrayEquals(
        model.generate(primer, 20, 1.0, new SplittableRandom(9)).events(),
        loaded.model().generate(primer, 20, 1.0, new SplittableRandom(9)).events());
  }

  @Test
  void badBundlesAreNamed() throws IOException {
    Path junk = dir.resolve("junk.zip");
    Files.writeString(junk, "not a zip");
    var e = assertThrows(IOException.class, () -> MelodyBundle.load(junk));
    assertTrue(e.getMessage().startsWith(junk + ": not a melody bundle"), e.getMessage());
  }

  @Test
  void generatorFollowsMagentasPrimerHandling() {
    MelodyGenerator g =
        MelodyGenerator.of(MelodyRnnModel.create(MelodyRnnModelTest.TINY, 5), provenance(0));
    MelodyGenerator.Result r = g.generate(MelodyGenerator.Request.defaults().withSeed(3));
    // Twinkle ends at 1.0 s; generation starts at step 10 with [.., NOTE_OFF, NO_EVENT]
    int[] head = java.util.Arrays.copyOf(r.melody().events(), 10);
    assertArrayEquals(new int[] {60, -2, 60, -2, 67, -2, 67, -2, -1, -2}, head);
    assertEquals(128, r.melody().length());
    assertEquals(
        r.melody().events().length,
        g.generate(MelodyGenerator.Request.defaults().withSeed(3)).melody().length());
    assertArrayEquals(
        r.melody().events(),
        g.generate(MelodyGenerator.Request.defaults().withSeed(3)).melody().events());
  }

  @Test
  void generatedMidiReadsBack() throws Exception {
    MelodyGenerator g =
        MelodyGenerator.of(MelodyRnnModel.create(MelodyRnnModelTest.TINY, 6), provenance(0));
    MelodyGenerator.Result r = g.generate(MelodyGenerator.Request.defaults().withQpm(90));
    NoteSequence back = MidiIo.read(r.midiBytes(), "generated");
    assertEquals(r.sequence().notes().size(), back.notes().size());
    assertEquals(90, back.tempos().get(0).qpm(), 0.01);
    for (int i = 0; i < back.notes().size(); i++) {
      assertEquals(r.sequence().notes().get(i).pitch(), back.notes().get(i).pitch());
      assertEquals(r.sequence().notes().get(i).startTime(), back.notes().get(i).startTime(), 0.01);
    }
  }
}
