package org.musicgan.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.DecodedAudio;
import org.musicgan.audio.testing.TestSignals;

class RenderTuneTest {
  @TempDir Path dir;

  @Test
  void rendersTheBuiltInTuneToAPlayableWav() throws Exception {
    Path wav = dir.resolve("t.wav");
    RenderTune.Result r = RenderTune.runExample(new String[] {"--out", wav.toString()});
    DecodedAudio audio = AudioFiles.read(wav);
    assertEquals(44100, audio.sampleRate());
    // 42 quarter notes and 6 half-note phrase ends at 100 bpm = 28.8 s, plus a 1 s tail
    assertEquals(29.8, audio.frames() / 44100.0, 0.05);
    assertEquals(0.89f, r.clip().peak(), 1e-4);
    assertTrue(Files.size(r.png()) > 10_000);
    // the first note is middle C on the flute
    float[] first = java.util.Arrays.copyOfRange(audio.channels()[0], 4410, 4410 + 8192);
    double f0 = TestSignals.estimateF0(first, 44100);
    assertEquals(261.6, f0, 261.6 * 0.03, "first note at " + f0 + " Hz");
  }

  @Test
  void badOptionsAreOneClearMessage() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> RenderTune.runExample(new String[] {"--loud"}));
    assertEquals("unknown option --loud (options: --out, --midi, --soundfont)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> RenderTune.runExample(new String[] {"--out", "x.mp3"}));
  }
}
