package org.musicgan.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.DecodedAudio;
import org.musicgan.melody.events.MidiIo;
import org.musicgan.melody.events.NoteSequence;
import org.musicgan.melody.rnn.MelodyGenerator;

class GenerateMelodyTest {
  @TempDir Path dir;

  @Test
  void defaultModelWritesWavMidiAndPicture() throws Exception {
    Path wav = dir.resolve("song.wav");
    GenerateMelody.Result r =
        GenerateMelody.runExample(new String[] {"--out", wav.toString(), "--seconds", "8"});
    DecodedAudio audio = AudioFiles.read(wav);
    assertEquals(44100, audio.sampleRate());
    // 8 s of melody (32 steps at 120 bpm) plus the renderer's 1 s tail, give or take a step
    assertEquals(9.0, audio.frames() / 44100.0, 0.2);
    NoteSequence midi = MidiIo.read(r.midi());
    assertTrue(midi.notes().size() >= 4, "notes " + midi.notes().size());
    assertEquals(60, midi.notes().get(0).pitch()); // the Twinkle primer comes first
    assertTrue(Files.size(r.png()) > 10_000);
  }

  @Test
  void shippedAttentionRnnContinuesTwinkleWithBeamSearch() throws Exception {
    Path wav = dir.resolve("attention.wav");
    GenerateMelody.Result r =
        GenerateMelody.runExample(
            new String[] {
              "--out", wav.toString(), "--seconds", "8", "--model", "attention_rnn", "--beam", "4"
            });
    assertEquals("attention_rnn", MelodyGenerator.loadShipped("attention_rnn").config().name());
    assertEquals(9.0, AudioFiles.read(wav).frames() / 44100.0, 0.2);
    NoteSequence midi = MidiIo.read(r.midi());
    assertEquals(60, midi.notes().get(0).pitch());
    assertTrue(midi.notes().size() >= 4, "notes " + midi.notes().size());
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> MelodyGenerator.loadShipped("basic_rnn"));
    assertEquals(
        "no shipped melody model 'basic_rnn'; shipped: [attention_rnn, lookback_rnn, lookback_rnn-freedoom]",
        e.getMessage());
  }

  @Test
  void sameSeedSameSongAndBadOptionsAreClear() throws Exception {
    Path a = dir.resolve("a.wav");
    Path b = dir.resolve("b.wav");
    GenerateMelody.runExample(
        new String[] {"--out", a.toString(), "--seconds", "4", "--seed", "5"});
    GenerateMelody.runExample(
        new String[] {"--out", b.toString(), "--seconds", "4", "--seed", "5"});
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a.mid")), Files.readAllBytes(dir.resolve("b.mid")));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GenerateMelody.runExample(new String[] {"--bpm", "fast"}));
    assertEquals("--bpm needs a number, found 'fast'", e.getMessage());
  }
}
