package org.musicgan.datasets.musicnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AtomicFiles;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.audio.io.WavEncoding;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.audio.render.TempoMap;
import org.musicgan.datasets.DatasetFormatException;

/**
 * Writes multi-track MIDI files as a MusicNet-format dataset, so that the MusicNet loader and
 * windowing run end to end on real instrument sounds: each file is rendered with a SoundFont to
 * {@code <split>_data/<id>.wav} (44.1 kHz mono float32), its notes become {@code
 * <split>_labels/<id>.csv} (sample indices, 1-based programs, beats, note values, as MusicNet
 * writes them), and {@code musicnet_metadata.csv} lists them all.
 *
 * <p>{@code trackPrograms} gives each track its own channel and General MIDI program (for example
 * melody on a flute, chords on a piano), replacing the file's own program changes; drums (channel
 * 10) are rendered but not labelled, as MusicNet has none. The split is drawn from the seed.
 *
 * @param composer the composer written into the metadata
 * @param trackPrograms 0-based GM program per track, or empty to keep the file's own
 * @param testFraction fraction of files put in the test split
 * @param seed seed of the split
 * @param firstId id of the first recording
 */
public record MusicNetWriter(
    String composer, List<Integer> trackPrograms, double testFraction, long seed, int firstId) {

  /** Validates the settings. */
  public MusicNetWriter {
    trackPrograms = List.copyOf(trackPrograms);
    if (!(testFraction >= 0 && testFraction <= 1)) {
      throw new IllegalArgumentException("testFraction must be in [0, 1], found " + testFraction);
    }
  }

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(MusicNetWriter.class);
  private static final String[] PROGRAM_NAMES = {"Piano", "Harpsichord", "Violin", "Flute"};

  /** Writes the files into {@code root}; returns the number of recordings written. */
  public int write(List<Path> midiFiles, Path root, MidiRenderer renderer) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    StringBuilder meta = new StringBuilder(String.join(",", MusicNet.METADATA_HEADER)).append('\n');
    int id = firstId;
    for (Path file : midiFiles) {
      Sequence seq;
      try {
        seq = MidiSystem.getSequence(file.toFile());
      } catch (InvalidMidiDataException | IOException e) {
        throw new DatasetFormatException(
            file, 0, "not a readable MIDI file (" + e.getMessage() + ")");
      }
      if (seq.getDivisionType() != Sequence.PPQ) {
        throw new DatasetFormatException(file, 0, "SMPTE-timed MIDI is not supported");
      }
      if (!trackPrograms.isEmpty()) {
        seq = withTrackPrograms(seq);
      }
      String split = rng.nextDouble() < testFraction ? "test" : "train";
      AudioClip audio = renderer.render(seq, MusicNetLabel.SAMPLE_RATE, 1.0);
      List<String> rows = labelRows(seq);
      AudioFiles.writeWav(
          audio, root.resolve(split + "_data/" + id + ".wav"), WavEncoding.FLOAT_32);
      AtomicFiles.write(
          root.resolve(split + "_labels/" + id + ".csv"),
          (String.join(",", MusicNet.LABEL_HEADER) + "\n" + String.join("", rows))
              .getBytes(StandardCharsets.UTF_8));
      String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
      meta.append(
          String.format(
              Locale.ROOT,
              "%d,%s,%s,,%s,MusicGAN SoundFont render,%s,,%d%n",
              id,
              csv(composer),
              csv(stem),
              csv(ensemble(seq)),
              csv(file.getFileName().toString()),
              (int) Math.round(audio.durationSeconds())));
      id++;
      LOG.info("MusicNet writer: {}/{} files rendered ({})", id - firstId, midiFiles.size(), file);
    }
    AtomicFiles.write(
        root.resolve("musicnet_metadata.csv"), meta.toString().getBytes(StandardCharsets.UTF_8));
    return id - firstId;
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** Track i plays on its own channel (skipping 10) with {@code trackPrograms[i]}. */
  private Sequence withTrackPrograms(Sequence in) throws DatasetFormatException {
    try {
      Sequence out = new Sequence(Sequence.PPQ, in.getResolution());
      Track[] tracks = in.getTracks();
      for (int t = 0; t < tracks.length; t++) {
        Track dst = out.createTrack();
        int channel = t < 9 ? t : Math.min(15, t + 1);
        int program = trackPrograms.get(Math.min(t, trackPrograms.size() - 1));
        dst.add(
            new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, program, 0), 0));
        for (int i = 0; i < tracks[t].size(); i++) {
          MidiEvent e = tracks[t].get(i);
          MidiMessage m = e.getMessage();
          if (m instanceof ShortMessage sm && sm.getCommand() < 0xF0) {
            if (sm.getCommand() == ShortMessage.PROGRAM_CHANGE) {
              continue;
            }
            dst.add(
                new MidiEvent(
                    new ShortMessage(sm.getCommand(), channel, sm.getData1(), sm.getData2()),
                    e.getTick()));
          } else {
            dst.add(new MidiEvent((MidiMessage) m.clone(), e.getTick()));
          }
        }
      }
      return out;
    } catch (InvalidMidiDataException e) {
      throw new IllegalStateException("cannot rewrite channels: " + e.getMessage(), e);
    }
  }

  private static String ensemble(Sequence seq) {
    TreeSet<Integer> programs = new TreeSet<>();
    for (Note n : notes(seq)) {
      programs.add(n.program);
    }
    List<String> names = new ArrayList<>();
    for (int p : programs) {
      names.add(
          p == 0
              ? PROGRAM_NAMES[0]
              : p == 6
                  ? PROGRAM_NAMES[1]
                  : p == 40
                      ? PROGRAM_NAMES[2]
                      : p == 73 ? PROGRAM_NAMES[3] : "GM program " + (p + 1));
    }
    return names.size() == 1 ? "Solo " + names.get(0) : String.join(" and ", names);
  }

  private record Note(long startTick, long endTick, int channel, int pitch, int program) {}

  private static List<Note> notes(Sequence seq) {
    List<Note> out = new ArrayList<>();
    for (Track t : seq.getTracks()) {
      int[] program = new int[16];
      Map<Integer, ArrayDeque<long[]>> open = new HashMap<>();
      for (int i = 0; i < t.size(); i++) {
        MidiEvent e = t.get(i);
        if (!(e.getMessage() instanceof ShortMessage sm) || sm.getChannel() == 9) {
          continue;
        }
        int key = sm.getChannel() * 128 + sm.getData1();
        if (sm.getCommand() == ShortMessage.PROGRAM_CHANGE) {
          program[sm.getChannel()] = sm.getData1();
        } else if (sm.getCommand() == ShortMessage.NOTE_ON && sm.getData2() > 0) {
          open.computeIfAbsent(key, k -> new ArrayDeque<>())
              .add(new long[] {e.getTick(), program[sm.getChannel()]});
        } else if (sm.getCommand() == ShortMessage.NOTE_OFF
            || sm.getCommand() == ShortMessage.NOTE_ON) {
          ArrayDeque<long[]> q = open.get(key);
          if (q != null && !q.isEmpty()) {
            long[] on = q.poll();
            out.add(new Note(on[0], e.getTick(), sm.getChannel(), sm.getData1(), (int) on[1]));
          }
        }
      }
    }
    out.sort(java.util.Comparator.comparingLong(Note::startTick).thenComparingInt(Note::pitch));
    return out;
  }

  /** MusicNet label rows: sample indices through the tempo map, beats from ticks. */
  private static List<String> labelRows(Sequence seq) {
    TempoMap tempo = TempoMap.of(seq);
    double ppq = seq.getResolution();
    List<String> rows = new ArrayList<>();
    for (Note n : notes(seq)) {
      long start = Math.round(tempo.seconds(n.startTick) * MusicNetLabel.SAMPLE_RATE);
      long end =
          Math.max(start + 1, Math.round(tempo.seconds(n.endTick) * MusicNetLabel.SAMPLE_RATE));
      double beats = (n.endTick - n.startTick) / ppq;
      rows.add(
          String.format(
              Locale.ROOT,
              "%d,%d,%d,%d,%s,%s,%s%n",
              start,
              end,
              n.program + 1,
              n.pitch,
              Double.toString(n.startTick / ppq),
              Double.toString(beats),
              noteValue(beats)));
    }
    return rows;
  }

  static String noteValue(double beats) {
    double[] lengths = {4, 3, 2, 1.5, 1, 0.75, 0.5, 0.375, 0.25, 0.125};
    String[] names = {
      "Whole",
      "Dotted Half",
      "Half",
      "Dotted Quarter",
      "Quarter",
      "Dotted Eighth",
      "Eighth",
      "Dotted Sixteenth",
      "Sixteenth",
      "Thirty Second"
    };
    for (int i = 0; i < lengths.length; i++) {
      if (Math.abs(beats - lengths[i]) < 0.02 * lengths[i]) {
        return names[i];
      }
    }
    return "Unknown";
  }
}
