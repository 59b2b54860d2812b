package org.musicgan.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.datasets.musicnet.MusicNetWriter;
import org.musicgan.gan.NoteGanData;
import org.musicgan.gan.PreparedGanData;

/** MIDI → MusicNet layout → PrepareDataset → a prepared folder → training on it. */
class PrepareDatasetTest {
  @TempDir Path dir;

  /** Two tracks (melody, bass) of quarter notes at 120 BPM for {@code seconds}. */
  static Path tune(Path file, int seed, int seconds) throws Exception {
    Sequence seq = new Sequence(Sequence.PPQ, 480);
    java.util.Random r = new java.util.Random(seed);
    for (int track = 0; track < 2; track++) {
      Track t = seq.createTrack();
      int base = track == 0 ? 67 : 48;
      for (int q = 0; q < seconds * 2; q++) {
        int pitch = base + r.nextInt(8);
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, track, pitch, 90), q * 480L));
        t.add(
            new MidiEvent(
                new ShortMessage(ShortMessage.NOTE_OFF, track, pitch, 0), q * 480L + 400));
      }
    }
    MidiSystem.write(seq, 1, file.toFile());
    return file;
  }

  @Test
  void musicNetWindowsArePreparedAndTrainable() throws Exception {
    Path midi = Files.createDirectories(dir.resolve("midi"));
    List<Path> files =
        List.of(tune(midi.resolve("a.mid"), 1, 10), tune(midi.resolve("b.mid"), 2, 10));
    Path root = dir.resolve("musicnet");
    new MusicNetWriter("Test", List.of(73, 0), 0.0, 1, 100)
        .write(files, root, MidiRenderer.withFirstAvailable(RenderTune.DEFAULT_SOUNDFONTS));
    Path out = dir.resolve("prepared");
    String[] args = {
      "--musicnet",
      root.toString(),
      "--preset",
      "magnitude-phase-log/stage-i",
      "--out",
      out.toString()
    };
    PreparedGanData.Manifest m = PrepareDataset.runExample(args);
    assertTrue(m.examples() >= 4, "examples " + m.examples());
    NoteGanData.Prepared data = PreparedGanData.load(out);
    assertEquals(m.examples(), data.data().size());
    assertEquals(2, data.data().channels());
    assertTrue(data.schema().describe(data.gridConditions().get(0)).contains("composer=Test"));
    // a second run reuses the tensors and gives the same folder
    assertEquals(m, PrepareDataset.runExample(args));
    // train two steps on it through the example
    var r =
        TrainNoteGan.runExample(
            new String[] {
              "--data",
              out.toString(),
              "--steps",
              "2",
              "--batch",
              "2",
              "--reuse-fake",
              "--out",
              dir.resolve("run").toString()
            });
    assertEquals(2, r.steps());
    assertTrue(Files.exists(dir.resolve("run/model.gan.zip")));
    assertTrue(
        org.musicgan.gan.GanBundle.load(dir.resolve("run/model.gan.zip"))
            .manifest()
            .options()
            .reuseFake());
    // a damaged folder is a typed error naming the file
    Files.writeString(out.resolve("examples.csv"), "key,c0\nx,abc\n");
    IOException e = assertThrows(IOException.class, () -> PreparedGanData.load(out));
    assertTrue(e.getMessage().contains("examples.csv"), e.getMessage());
    Files.writeString(out.resolve("manifest.json"), "{not json");
    e = assertThrows(IOException.class, () -> PreparedGanData.load(out));
    assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PrepareDataset.runExample(new String[] {"--out", "x"}));
  }
}
