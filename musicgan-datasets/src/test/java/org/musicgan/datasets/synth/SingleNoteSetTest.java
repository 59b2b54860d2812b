package org.musicgan.datasets.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.audio.testing.AudioAsserts;
import org.musicgan.audio.testing.TestSignals;
import org.musicgan.datasets.DatasetFormatException;

class SingleNoteSetTest {
  static final List<Path> BANKS = List.of(Path.of("/usr/share/sounds/sf2/sf_GMbank.sf2"));
  @TempDir Path dir;

  @Test
  void notesSoundAtTheirPitchAndRoundTripThroughAFolder() throws Exception {
    SingleNoteSet set =
        new SingleNoteSet(List.of(60, 69), List.of(73), List.of(100), 16000, 1.0, 0.75);
    MidiRenderer renderer = MidiRenderer.withFirstAvailable(BANKS);
    List<SingleNoteSet.Item> items = set.render(renderer);
    assertEquals(2, items.size());
    for (SingleNoteSet.Item item : items) {
      assertEquals(16000, item.clip().length());
      float[] body = java.util.Arrays.copyOfRange(item.clip().samples(), 2000, 10000);
      double hz = 440 * Math.pow(2, (item.pitch() - 69) / 12.0);
      double f0 = TestSignals.estimateF0(body, 16000);
      double cents = 1200 * Math.log(f0 / hz) / Math.log(2);
      assertTrue(Math.abs(cents) < 35, "pitch " + item.pitch() + " rendered at " + f0 + " Hz");
    }
    set.write(renderer, dir);
    List<SingleNoteSet.Item> back = SingleNoteSet.read(dir);
    assertEquals(List.of(60, 69), back.stream().map(SingleNoteSet.Item::pitch).toList());
    assertEquals("p060_i073_v100.wav", back.get(0).fileName());
    // 16-bit WAV: within one quantisation step
    AudioAsserts.assertClose(
        items.get(0).clip().samples(), back.get(0).clip().samples(), 1.0 / 32768);
    // deterministic
    assertArrayEquals(items.get(1).clip().samples(), set.render(renderer).get(1).clip().samples());
  }

  @Test
  void badManifestAndSettingsAreNamed() throws Exception {
    Files.writeString(
        dir.resolve("notes.csv"),
        "file,pitch,program,velocity,sample_rate,seconds\n../escape.wav,60,0,100,16000,1.0\n");
    var e = assertThrows(DatasetFormatException.class, () -> SingleNoteSet.read(dir));
    assertEquals(dir.resolve("notes.csv") + ":2: no such clip: ../escape.wav", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new SingleNoteSet(List.of(128), List.of(0), List.of(100), 16000, 4, 3));
  }
}
