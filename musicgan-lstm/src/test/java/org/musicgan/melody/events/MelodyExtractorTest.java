package org.musicgan.melody.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicgan.melody.events.NoteSequence.Note;

/** extract_melodies' filters and counters, on hand-made sequences (120 qpm: 8 steps/s). */
class MelodyExtractorTest {

  /** Quarter notes cycling through {@code pitches}, one every 0.5 s, for {@code bars} 4/4 bars. */
  static List<Note> quarters(double start, int bars, int... pitches) {
    List<Note> notes = new ArrayList<>();
    for (int i = 0; i < bars * 4; i++) {
      double t = start + i * 0.5;
      notes.add(Note.of(pitches[i % pitches.length], 100, t, t + 0.5));
    }
    return notes;
  }

  static NoteSequence quantized(List<Note> notes) throws QuantizationException {
    return Quantizer.quantizeNoteSequence(NoteSequence.of(notes, List.of(), List.of()), 4);
  }

  @Test
  void shortMelodiesAndFewPitchesAreCountedAndDropped() throws Exception {
    List<Note> notes = new ArrayList<>(quarters(0, 8, 60, 62, 64, 65, 67)); // 8 bars, 5 pitches
    notes.addAll(quarters(24, 3, 60, 62, 64, 65, 67)); // after a gap: only 3 bars
    notes.addAll(quarters(48, 8, 60, 62)); // after a gap: 8 bars, 2 pitch classes
    MelodyExtractor.Stats stats = new MelodyExtractor.Stats();
    List<Melody> kept =
        MelodyExtractor.extractMelodies(quantized(notes), MelodyExtractor.Options.DEFAULTS, stats);
    assertEquals(1, kept.size());
    assertEquals(1, stats.get("melodies_discarded_too_short"));
    assertEquals(1, stats.get("melodies_discarded_too_few_pitches"));
    assertEquals(1, stats.get("melodies_kept"));
    assertEquals(List.of(8), stats.keptLengthsInBars()); // the final note-off is stripped
  }

  @Test
  void longMelodiesAreTruncatedWithoutANoteOff() throws Exception {
    MelodyExtractor.Stats stats = new MelodyExtractor.Stats();
    List<Melody> kept =
        MelodyExtractor.extractMelodies(
            quantized(quarters(0, 40, 60, 62, 64, 65, 67)),
            MelodyExtractor.Options.TRAINING,
            stats);
    assertEquals(512, kept.get(0).length());
    assertEquals(1, stats.get("melodies_truncated"));
  }

  @Test
  void polyphonyRejectsTheTrackWhenNotIgnored() throws Exception {
    List<Note> notes = new ArrayList<>(quarters(0, 8, 60, 62, 64, 65, 67));
    notes.add(Note.of(72, 100, 1.0, 1.5)); // a chord at 1.0 s
    MelodyExtractor.Stats stats = new MelodyExtractor.Stats();
    assertEquals(
        0,
        MelodyExtractor.extractMelodies(quantized(notes), MelodyExtractor.Options.TRAINING, stats)
            .size());
    assertEquals(1, stats.get("polyphonic_tracks_discarded"));
    List<Melody> kept =
        MelodyExtractor.extractMelodies(
            quantized(notes), MelodyExtractor.Options.DEFAULTS, new MelodyExtractor.Stats());
    assertEquals(72, kept.get(0).get(8)); // the highest note of the chord is kept
  }

  @Test
  void quantizeRoundsAtHalfAStep() throws Exception {
    NoteSequence qs =
        quantized(List.of(Note.of(60, 100, 0.0624, 0.0626), Note.of(62, 100, 0.1874, 0.3)));
    assertArrayEquals(
        new int[] {0, 1},
        new int[] {qs.notes().get(0).quantizedStartStep(), qs.notes().get(0).quantizedEndStep()});
    assertEquals(1, qs.notes().get(1).quantizedStartStep()); // 1.4992 + 0.5 truncates to 1
  }
}
