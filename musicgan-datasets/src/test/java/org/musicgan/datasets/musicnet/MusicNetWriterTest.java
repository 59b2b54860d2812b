package org.musicgan.datasets.musicnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.render.MidiRenderer;

/** Nottingham tunes (melody + chords) → MusicNet layout → MusicNet loader → windows. */
class MusicNetWriterTest {
  static final Path FULL =
      Path.of(System.getProperty("musicgan.shared", "../shared"), "data/nottingham/full");
  @TempDir Path dir;

  @Test
  void roundTripFromMidiThroughTheMusicNetLoaderToWindows() throws Exception {
    assumeTrue(Files.isDirectory(FULL), "no " + FULL);
    List<Path> files =
        List.of(
            FULL.resolve("ashover1.mid"), FULL.resolve("ashover2.mid"), FULL.resolve("jigs10.mid"));
    MusicNetWriter writer = new MusicNetWriter("Traditional", List.of(73, 0), 0.34, 7, 5000);
    MidiRenderer renderer =
        MidiRenderer.withFirstAvailable(List.of(Path.of("/usr/share/sounds/sf2/sf_GMbank.sf2")));
    assertEquals(3, writer.write(files, dir, renderer));

    MusicNet mn = MusicNet.open(dir);
    assertEquals(3, mn.recordings().size());
    MusicNetRecording first = mn.recordings().get(0);
    assertEquals(5000, first.id());
    MusicNetMetadata meta = first.metadata().orElseThrow();
    assertEquals("Traditional", meta.composer());
    assertEquals("ashover1", meta.composition());
    assertEquals("Piano and Flute", meta.ensemble());
    List<MusicNetLabel> labels = mn.labels(first);
    assertEquals(68 + 90, labels.size()); // melody and chord notes of ashover1
    assertTrue(labels.stream().anyMatch(l -> l.instrument() == 74)); // flute, 1-based
    assertTrue(labels.stream().anyMatch(l -> l.instrument() == 1)); // piano
    AudioClip audio = mn.audio(first);
    assertEquals(44100, audio.sampleRate());
    long lastEnd = labels.stream().mapToLong(MusicNetLabel::endSample).max().orElseThrow();
    assertTrue(audio.length() >= lastEnd, "audio " + audio.length() + " < last label " + lastEnd);

    MusicNetWindows.Result w = MusicNetWindows.SEED.cut(mn);
    assertTrue(w.windows().size() > 10, "windows " + w.windows().size());
    assertEquals(List.of(1, 74), w.keptInstruments().stream().sorted().toList());
    assertTrue(
        w.schema().describe(w.windows().get(0).condition()).startsWith("composer=Traditional"));
  }

  @Test
  void noteValuesFollowMusicNetNames() {
    assertEquals("Quarter", MusicNetWriter.noteValue(1.0));
    assertEquals("Dotted Half", MusicNetWriter.noteValue(2.99));
    assertEquals("Unknown", MusicNetWriter.noteValue(1.3));
  }
}
