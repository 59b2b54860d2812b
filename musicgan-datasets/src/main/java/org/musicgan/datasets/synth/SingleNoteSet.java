package org.musicgan.datasets.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AtomicFiles;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.render.MidiRenderException;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.datasets.CsvTables;
import org.musicgan.datasets.DatasetFormatException;

/**
 * A single-note dataset in the manner of NSynth: every combination of pitch, General MIDI program
 * and velocity, each note held for {@code noteSeconds} inside a clip of {@code clipSeconds},
 * rendered offline with a SoundFont. Rendering is deterministic (same bank, same clips).
 *
 * @param pitches MIDI pitches
 * @param programs General MIDI programs, 0-based (0 = piano, 73 = flute)
 * @param velocities MIDI velocities 1..127
 * @param sampleRate output rate in Hz
 * @param clipSeconds length of each clip
 * @param noteSeconds how long each note is held (the rest is release)
 */
public record SingleNoteSet(
    List<Integer> pitches,
    List<Integer> programs,
    List<Integer> velocities,
    int sampleRate,
    double clipSeconds,
    double noteSeconds) {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SingleNoteSet.class);

  /** Header of the manifest {@code notes.csv}. */
  public static final List<String> MANIFEST_HEADER =
      List.of("file", "pitch", "program", "velocity", "sample_rate", "seconds");

  /** Validates the settings. */
  public SingleNoteSet {
    pitches = List.copyOf(pitches);
    programs = List.copyOf(programs);
    velocities = List.copyOf(velocities);
    if (pitches.isEmpty() || pitches.stream().anyMatch(p -> p < 0 || p > 127)) {
      throw new IllegalArgumentException("pitches must be 0..127, found " + pitches);
    }
    if (programs.isEmpty() || programs.stream().anyMatch(p -> p < 0 || p > 127)) {
      throw new IllegalArgumentException("programs must be 0..127, found " + programs);
    }
    if (velocities.isEmpty() || velocities.stream().anyMatch(v -> v < 1 || v > 127)) {
      throw new IllegalArgumentException("velocities must be 1..127, found " + velocities);
    }
    if (!(noteSeconds > 0 && noteSeconds <= clipSeconds)) {
      throw new IllegalArgumentException(
          "need 0 < noteSeconds <= clipSeconds, found " + noteSeconds + ", " + clipSeconds);
    }
  }

  /**
   * One note of the set.
   *
   * @param pitch MIDI pitch
   * @param program General MIDI program (0-based)
   * @param velocity MIDI velocity
   * @param clip the audio
   */
  public record Item(int pitch, int program, int velocity, AudioClip clip) {
    /** The file name used by {@link #write}: {@code p060_i073_v100.wav}. */
    public String fileName() {
      return String.format(Locale.ROOT, "p%03d_i%03d_v%03d.wav", pitch, program, velocity);
    }
  }

  /** Number of notes in the set. */
  public int size() {
    return pitches.size() * programs.size() * velocities.size();
  }

  /** Renders every note, in program, pitch, velocity order. */
  public List<Item> render(MidiRenderer renderer) throws MidiRenderException {
    List<Item> out = new ArrayList<>(size());
    int samples = (int) Math.round(clipSeconds * sampleRate);
    for (int program : programs) {
      for (int pitch : pitches) {
        for (int velocity : velocities) {
          AudioClip clip = renderer.render(note(program, pitch, velocity), sampleRate, clipSeconds);
          out.add(new Item(pitch, program, velocity, clip.withLength(samples)));
          if (out.size() % 50 == 0 || out.size() == size()) {
            LOG.info("single-note set: {}/{} notes rendered", out.size(), size());
          }
        }
      }
    }
    return out;
  }

  private Sequence note(int program, int pitch, int velocity) throws MidiRenderException {
    try {
      Sequence seq = new Sequence(Sequence.PPQ, 480); // 120 bpm: 960 ticks per second
      Track t = seq.createTrack();
      long off = Math.round(noteSeconds * 960);
      t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, program, 0), 0));
      t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, pitch, velocity), 0));
      t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, pitch, 0), off));
      return seq;
    } catch (InvalidMidiDataException e) {
      throw new MidiRenderException("cannot build note " + pitch + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renders the set into {@code folder}: one 16-bit WAV per note and a {@code notes.csv} manifest
   * (written last, atomically, so a folder with a manifest is complete).
   */
  public void write(MidiRenderer renderer, Path folder) throws IOException {
    StringBuilder manifest = new StringBuilder(String.join(",", MANIFEST_HEADER)).append('\n');
    for (Item item : render(renderer)) {
      AudioFiles.writeWav(item.clip(), folder.resolve(item.fileName()), WavEncoding.PCM_16);
      manifest.append(
          String.format(
              Locale.ROOT,
              "%s,%d,%d,%d,%d,%s%n",
              item.fileName(),
              item.pitch(),
              item.program(),
              item.velocity(),
              sampleRate,
              Double.toString(clipSeconds)));
    }
    AtomicFiles.write(
        folder.resolve("notes.csv"), manifest.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a folder written by {@link #write}.
   *
   * @throws DatasetFormatException naming the manifest line of a bad row or missing file
   */
  public static List<Item> read(Path folder) throws IOException {
    Path csv = folder.resolve("notes.csv");
    List<Item> out = new ArrayList<>();
    for (CsvTables.Row r : CsvTables.read(csv, MANIFEST_HEADER)) {
      Path wav = folder.resolve(r.get(0));
      if (!wav.normalize().startsWith(folder.normalize())
          || !java.nio.file.Files.isRegularFile(wav)) {
        throw new DatasetFormatException(csv, r.line(), "no such clip: " + r.get(0));
      }
      out.add(
          new Item(
              (int) CsvTables.parseLong(csv, r, 1, "pitch"),
              (int) CsvTables.parseLong(csv, r, 2, "program"),
              (int) CsvTables.parseLong(csv, r, 3, "velocity"),
              AudioFiles.readMono(wav)));
    }
    return out;
  }
}
