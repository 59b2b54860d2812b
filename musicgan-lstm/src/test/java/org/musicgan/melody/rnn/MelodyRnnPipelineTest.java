package org.musicgan.melody.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.melody.events.Melody;

class MelodyRnnPipelineTest {
  static final Path NOTTINGHAM =
      Path.of(System.getProperty("musicgan.shared", "../shared"), "data/nottingham/melody");

  @TempDir Path dir;

  @Test
  void nottinghamMelodiesAreExtractedSquashedAndSplit() throws IOException {
    assumeTrue(Files.isDirectory(NOTTINGHAM), "no " + NOTTINGHAM);
    MelodyRnnPipeline.Result r =
        new MelodyRnnPipeline(MelodyRnnConfig.BASIC_RNN, 0.1).run(NOTTINGHAM);
    assertEquals(1034, r.files());
    // TimeChangeSplitter: no file is skipped for a time-signature change any more
    assertEquals(0, r.stats().get("sequences_skipped_multiple_time_signature"));
    assertTrue(r.train().size() > 500, "train melodies " + r.train().size());
    assertTrue(r.eval().size() > 50, "eval melodies " + r.eval().size());
    for (Melody m : r.train()) {
      // at least 7 bars in the piece's own meter (3/4 and 6/8 pieces have 12-step bars)
      assertTrue(m.length() >= 7 * 12 && m.length() <= 512, "length " + m.length());
      for (int e : m.events()) {
        assertTrue(e < 0 || (e >= 48 && e < 84), "event " + e);
      }
    }
  }

  @Test
  void transpositionAugmentsTrainingMelodiesOnly() throws IOException {
    for (int f = 0; f < 6; f++) {
      java.util.List<org.musicgan.melody.events.NoteSequence.Note> notes =
          new java.util.ArrayList<>();
      int[] pitches = {60, 62, 64, 65, 67};
      for (int i = 0; i < 32; i++) {
        notes.add(
            org.musicgan.melody.events.NoteSequence.Note.of(
                pitches[(i + f) % 5], 100, i * 0.5, i * 0.5 + 0.5));
      }
      org.musicgan.melody.events.MidiIo.write(
          org.musicgan.melody.events.NoteSequence.of(
              notes, java.util.List.of(), java.util.List.of()),
          dir.resolve("tune" + f + ".mid"));
    }
    MelodyRnnPipeline.Result plain = new MelodyRnnPipeline(MelodyRnnConfig.BASIC_RNN, 0.3).run(dir);
    MelodyRnnPipeline.Result augmented =
        new MelodyRnnPipeline(MelodyRnnConfig.BASIC_RNN, 0.3, -2, 0, 2).run(dir);
    assertEquals(6, plain.train().size() + plain.eval().size());
    assertEquals(3 * plain.train().size(), augmented.train().size());
    assertEquals(plain.eval().size(), augmented.eval().size());
  }

  @Test
  void unreadableFilesAreCountedNotFatal() throws IOException {
    Files.writeString(dir.resolve("broken.mid"), "MThd nonsense");
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    MelodyRnnPipeline.Result r = new MelodyRnnPipeline(MelodyRnnConfig.BASIC_RNN, 0.0).run(dir);
    assertEquals(1, r.files());
    assertEquals(1, r.stats().get("files_unreadable"));
    assertTrue(r.train().isEmpty());
  }
}
