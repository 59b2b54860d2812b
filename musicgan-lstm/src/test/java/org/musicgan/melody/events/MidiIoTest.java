package org.musicgan.melody.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.melody.events.NoteSequence.Note;

class MidiIoTest {
  @TempDir Path dir;

  @Test
  void writeThenReadKeepsNotesTempoAndTimeSignature() throws IOException {
    NoteSequence ns =
        NoteSequence.of(
            List.of(
                Note.of(60, 100, 0.0, 0.5), Note.of(64, 90, 0.5, 1.25), Note.of(67, 80, 1.5, 2.0)),
            List.of(new NoteSequence.Tempo(0, 90)),
            List.of(new NoteSequence.TimeSignature(0, 3, 4)));
    Path file = dir.resolve("x.mid");
    MidiIo.write(ns, file);
    NoteSequence back = MidiIo.read(file);
    assertEquals(3, back.notes().size());
    assertEquals(90, back.tempos().get(0).qpm(), 1e-3);
    assertEquals(3, back.timeSignatures().get(0).numerator());
    for (int i = 0; i < 3; i++) {
      Note a = ns.notes().get(i);
      Note b = back.notes().get(i);
      assertEquals(a.pitch(), b.pitch());
      assertEquals(a.velocity(), b.velocity());
      assertEquals(a.startTime(), b.startTime(), 0.005);
      assertEquals(a.endTime(), b.endTime(), 0.005);
    }
  }

  @Test
  void readsANottinghamTuneAsOneMonophonicInstrument() throws Exception {
    Path tune =
        Path.of(
            System.getProperty("musicgan.shared", "../shared"),
            "data/nottingham/melody/ashover1.mid");
    assumeTrue(Files.isRegularFile(tune), "no " + tune);
    NoteSequence ns = MidiIo.read(tune);
    assertTrue(ns.notes().size() > 50, "notes " + ns.notes().size());
    assertTrue(ns.notes().stream().allMatch(n -> n.instrument() == 0));
    // this tune changes from 3/4 to 2/4: note_seq refuses to quantize it, and so do we
    var e = assertThrows(QuantizationException.class, () -> Quantizer.quantizeNoteSequence(ns, 4));
    assertEquals(QuantizationException.Kind.MULTIPLE_TIME_SIGNATURE, e.kind());
    int extracted = 0;
    for (int i = 2; i <= 20; i++) {
      NoteSequence other = MidiIo.read(tune.resolveSibling("ashover" + i + ".mid"));
      try {
        extracted +=
            MelodyExtractor.extractMelodies(
                    Quantizer.quantizeNoteSequence(other, 4),
                    MelodyExtractor.Options.TRAINING,
                    new MelodyExtractor.Stats())
                .size();
      } catch (QuantizationException skipped) {
        // time-signature changes, as in ashover1
      }
    }
    assertTrue(extracted >= 10, "melodies from ashover2..20: " + extracted);
  }

  @Test
  void corruptMidiIsATypedErrorNamingTheFile() throws IOException {
    Path bad = dir.resolve("bad.mid");
    Files.write(bad, new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1});
    var e = assertThrows(InvalidMidiFileException.class, () -> MidiIo.read(bad));
    assertTrue(e.getMessage().startsWith(bad + ": not a readable MIDI file"), e.getMessage());
  }
}
