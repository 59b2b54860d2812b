package org.musicgan.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.dsp.PitchEstimator;
import org.musicgan.gan.StackGanGenerator;
import org.musicgan.melody.events.NoteSequence;

/**
 * The shipped GAN played as a sampler instrument: the notes come out at the melody's pitches and
 * times.
 */
class GanInstrumentTest {
  static GanInstrument instrument;

  @BeforeAll
  static void load() throws Exception {
    instrument = new GanInstrument(StackGanGenerator.loadDefault());
  }

  /** 0.7 s notes with 0.1 s gaps: trained pitches (48, 55, 60) and untrained ones between them. */
  static List<NoteSequence.Note> melody(int... pitches) {
    List<NoteSequence.Note> notes = new ArrayList<>();
    for (int i = 0; i < pitches.length; i++) {
      notes.add(NoteSequence.Note.of(pitches[i], 100, 0.8 * i, 0.8 * i + 0.7));
    }
    return notes;
  }

  @Test
  void knowsTheDefaultModelsPitchesAndInstruments() {
    assertArrayEquals(new int[] {48, 50, 52, 53, 55, 57, 59, 60}, instrument.pitches());
    assertEquals(List.of(0, 24, 40, 73), instrument.programs());
    assertEquals(48, instrument.nearest(20));
    assertEquals(50, instrument.nearest(51)); // tie: the lower
    assertEquals(53, instrument.nearest(54)); // tie: the lower
    assertEquals(60, instrument.nearest(61));
  }

  @Test
  void playsEachNoteAtItsPitchAndTime() {
    int[] pitches = {48, 49, 51, 54, 55, 58, 60, 62};
    List<NoteSequence.Note> notes = melody(pitches);
    AudioClip clip = instrument.play(notes, 73, 0, 7, 0.5);
    assertEquals(GanInstrument.SAMPLE_RATE, clip.sampleRate());
    assertEquals(0.8 * 7 + 0.7 + GanInstrument.RELEASE_SECONDS + 0.5, clip.durationSeconds(), 1e-3);
    PitchEstimator est = PitchEstimator.forMidiRange(47, 63);
    int right = 0;
    StringBuilder found = new StringBuilder();
    for (NoteSequence.Note n : notes) {
      double f0 = est.estimate(clip, n.startTime() + 0.1, n.endTime());
      double midi = PitchEstimator.hzToMidi(f0);
      found.append(String.format(" %d->%.2f", n.pitch(), midi));
      if (Math.abs(midi - n.pitch()) <= 0.5) {
        right++;
      }
    }
    // the model itself gets 0.94 of its notes right; resampling must not lose more
    assertTrue(right >= 7, "notes at their pitch: " + right + " of 8;" + found);
    // each note is heard while held and has faded out in the gap after its release
    for (NoteSequence.Note n : notes) {
      double held = rms(clip, n.startTime() + 0.1, n.endTime());
      double gap =
          rms(clip, n.endTime() + GanInstrument.RELEASE_SECONDS + 0.002, n.endTime() + 0.1);
      assertTrue(held > 0.05, "note " + n + " rms " + held);
      assertEquals(0, gap, 1e-6, "after note " + n);
    }
  }

  @Test
  void theSeedDecidesTheAudio() {
    List<NoteSequence.Note> notes = melody(50, 57);
    float[] a = instrument.play(notes, 0, 0, 1, 0).samples();
    float[] b = instrument.play(notes, 0, 0, 1, 0).samples();
    float[] c = instrument.play(notes, 0, 0, 2, 0).samples();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void transposesAndFitsMelodiesByOctaves() {
    assertEquals(-2, instrument.octavesToFit(melody(72, 79, 84)));
    assertEquals(0, instrument.octavesToFit(melody(50, 57)));
    assertEquals(1, instrument.octavesToFit(melody(36, 47)));
    assertEquals(0, instrument.octavesToFit(List.of()));
    AudioClip up = instrument.play(melody(72), 73, -24, 3, 0);
    double f0 = PitchEstimator.forMidiRange(47, 63).estimate(up, 0.1, 0.7);
    assertEquals(48, PitchEstimator.hzToMidi(f0), 0.5);
  }

  @Test
  void refusesAProgramTheModelDoesNotKnow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> instrument.play(melody(60), 80, 0, 1, 0));
    assertTrue(e.getMessage().contains("[0, 24, 40, 73]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> instrument.play(melody(60), 0, 0, 1, -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> instrument.play(List.of(NoteSequence.Note.of(60, 100, -0.1, 0.5)), 0, 0, 1, 0));
  }

  @Test
  void emptyMelodyIsSilence() {
    AudioClip clip = instrument.play(List.of(), 73, 0, 1, 1.0);
    assertEquals(GanInstrument.SAMPLE_RATE, clip.length());
    assertEquals(0, clip.peak());
  }

  static double rms(AudioClip clip, double from, double to) {
    int a = (int) Math.round(from * clip.sampleRate());
    int b = (int) Math.round(to * clip.sampleRate());
    double s = 0;
    for (int i = a; i < b; i++) {
      s += clip.sample(i) * clip.sample(i);
    }
    return Math.sqrt(s / Math.max(1, b - a));
  }
}
