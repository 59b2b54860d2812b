package org.musicgan.audio.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.testing.TestSignals;

/**
 * Renders with Debian's public-domain General MIDI bank ({@code csound-soundfont}, installed by
 * {@code .ci/run}). Outside CI the SoundFont tests are skipped when the bank is missing; in CI a
 * missing bank fails them.
 */
class MidiRendererTest {
  static final Path GM_BANK = Path.of("/usr/share/sounds/sf2/sf_GMbank.sf2");
  @TempDir Path dir;

  @BeforeAll
  static void requireBankInCi() {
    if (System.getenv("CI") != null) {
      assertTrue(Files.isRegularFile(GM_BANK), GM_BANK + " missing: .ci/run installs it");
    }
  }

  static Sequence notes(int program, int velocity, double bpm, int... pitchesAndTicks)
      throws InvalidMidiDataException {
    Sequence seq = new Sequence(Sequence.PPQ, 480);
    Track track = seq.createTrack();
    int tempo = (int) Math.round(60_000_000 / bpm);
    track.add(
        new MidiEvent(
            new MetaMessage(
                0x51, new byte[] {(byte) (tempo >> 16), (byte) (tempo >> 8), (byte) tempo}, 3),
            0));
    track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, program, 0), 0));
    for (int i = 0; i < pitchesAndTicks.length; i += 3) {
      int pitch = pitchesAndTicks[i];
      track.add(
          new MidiEvent(
              new ShortMessage(ShortMessage.NOTE_ON, 0, pitch, velocity), pitchesAndTicks[i + 1]));
      track.add(
          new MidiEvent(
              new ShortMessage(ShortMessage.NOTE_OFF, 0, pitch, 0), pitchesAndTicks[i + 2]));
    }
    return seq;
  }

  @Test
  void middleCOnThePianoSoundsAtC4() throws Exception {
    assumeTrue(Files.isRegularFile(GM_BANK), "csound-soundfont not installed");
    MidiRenderer r = MidiRenderer.withSoundFont(GM_BANK);
    AudioClip clip = r.render(notes(0, 100, 120, 60, 0, 960), 44100, 0.5);
    // one beat at 120 bpm = 0.5 s; 2 beats + 0.5 s tail
    assertEquals(1.5, clip.durationSeconds(), 0.01);
    float[] attack = Arrays.copyOfRange(clip.samples(), 4410, 4410 + 22050);
    double f0 = TestSignals.estimateF0(attack, 44100);
    double cents = 1200 * Math.log(f0 / 261.63) / Math.log(2);
    assertTrue(Math.abs(cents) < 25, "C4 rendered at " + f0 + " Hz (" + cents + " cents)");
    assertTrue(clip.peak() > 0.01, "silent render");
  }

  @Test
  void loudDenseChordNeverClips() throws Exception {
    assumeTrue(Files.isRegularFile(GM_BANK), "csound-soundfont not installed");
    int[] events = new int[3 * 24];
    for (int i = 0; i < 24; i++) {
      events[3 * i] = 36 + 2 * i;
      events[3 * i + 1] = 0;
      events[3 * i + 2] = 1920;
    }
    Sequence seq = notes(61, 127, 120, events); // brass section, fortissimo
    AudioClip clip = MidiRenderer.withSoundFont(GM_BANK).render(seq, 44100, 0.2);
    assertTrue(clip.peak() <= 0.99f, "peak " + clip.peak());
    assertTrue(clip.peak() > 0.5f, "scaled too far: peak " + clip.peak());
  }

  @Test
  void builtInBankRendersWithoutASoundFontFile() throws Exception {
    AudioClip clip =
        MidiRenderer.withBuiltInBank().render(notes(0, 100, 120, 69, 0, 480), 22050, 0.2);
    assertEquals(0.7, clip.durationSeconds(), 0.01);
    assertTrue(clip.peak() > 0.01 && clip.peak() <= 0.99f);
  }

  @Test
  void tempoChangesAreHonoured() throws Exception {
    Sequence seq = notes(0, 100, 60, 60, 0, 480, 62, 480, 960);
    // tempo doubles at tick 480: the second beat lasts 0.5 s instead of 1 s
    seq.getTracks()[0].add(
        new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 480));
    var events = MidiRenderer.timedEvents(seq);
    long last = events.get(events.size() - 1).micros();
    assertEquals(1_500_000, last);
  }

  @Test
  void sf3AndNonSoundFontsAreRefusedByName() throws IOException {
    Path sf3 = dir.resolve("compressed.sf2");
    Files.write(sf3, fakeSoundFont(3));
    var e = assertThrows(MidiRenderException.class, () -> MidiRenderer.withSoundFont(sf3));
    assertTrue(e.getMessage().startsWith(sf3 + ": is an SF3 SoundFont"), e.getMessage());
    Path text = dir.resolve("bank.sf2");
    Files.writeString(text, "not a soundfont at all");
    assertEquals(
        text + ": not a SoundFont 2 (.sf2) or DLS file",
        assertThrows(MidiRenderException.class, () -> MidiRenderer.withSoundFont(text))
            .getMessage());
    Path broken = dir.resolve("broken.sf2");
    Files.write(broken, fakeSoundFont(2));
    assertTrue(
        assertThrows(MidiRenderException.class, () -> MidiRenderer.withSoundFont(broken))
            .getMessage()
            .startsWith(broken + ": corrupt SoundFont"));
  }

  @Test
  void unreadableMidiFileIsNamed() throws IOException {
    Path bad = dir.resolve("bad.mid");
    Files.writeString(bad, "MThd but not really");
    var e =
        assertThrows(MidiRenderException.class, () -> MidiRenderer.withBuiltInBank().render(bad));
    assertTrue(e.getMessage().startsWith(bad + ": not a readable MIDI file"), e.getMessage());
  }

  @Test
  void firstAvailableFallsBackToTheBuiltInBank() throws IOException {
    MidiRenderer r = MidiRenderer.withFirstAvailable(List.of(dir.resolve("none.sf2")));
    assertEquals("built-in bank", r.bankName());
  }

  /** RIFF sfbk with an INFO list whose ifil says version {@code major}.1, and nothing else. */
  private static byte[] fakeSoundFont(int major) {
    ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(28).put("sfbk".getBytes());
    b.put("LIST".getBytes()).putInt(16).put("INFO".getBytes());
    b.put("ifil".getBytes()).putInt(4).putShort((short) major).putShort((short) 1);
    return b.array();
  }
}
