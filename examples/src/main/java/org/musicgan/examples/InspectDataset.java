package org.musicgan.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.musicgan.datasets.fma.Fma;
import org.musicgan.datasets.fma.FmaTrack;
import org.musicgan.datasets.fma.FmaWindows;
import org.musicgan.datasets.midi.LakhMidi;
import org.musicgan.datasets.midi.MidiFolder;
import org.musicgan.datasets.musicnet.MusicNet;
import org.musicgan.datasets.musicnet.MusicNetLabel;
import org.musicgan.datasets.musicnet.MusicNetRecording;
import org.musicgan.datasets.musicnet.MusicNetWindows;
import org.musicgan.datasets.synth.SingleNoteSet;

/**
 * {@code dataset inspect}: detects what kind of dataset a folder holds (MusicNet, FMA metadata,
 * Lakh MIDI, a single-note set, or any MIDI tree), and prints its counts, the condition schema and
 * the problems found. A malformed file stops it with the file and line.
 *
 * <pre>
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.InspectDataset FOLDER
 * </pre>
 */
public final class InspectDataset {
  private InspectDataset() {}

  /** Entry point. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: InspectDataset FOLDER");
      System.exit(2);
    }
    try {
      runExample(Path.of(args[0]), System.out);
    } catch (IOException e) {
      System.err.println("inspect: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Inspects {@code root}, writing the report to {@code out}; returns the detected kind. */
  public static String runExample(Path root, PrintStream out) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": not a folder");
    }
    if (Files.isDirectory(root.resolve("train_data"))
        || Files.isDirectory(root.resolve("test_data"))
        || Files.isDirectory(root.resolve("musicnet"))) {
      MusicNet mn = MusicNet.open(root);
      out.printf("MusicNet at %s%n", mn.root());
      for (MusicNetRecording.Split s : MusicNetRecording.Split.values()) {
        out.printf("  %s: %d recordings%n", s, mn.recordings(s).size());
      }
      Map<Integer, Integer> notes = new TreeMap<>();
      for (MusicNetRecording r : mn.recordings()) {
        for (MusicNetLabel l : mn.labels(r)) {
          notes.merge(l.instrument(), 1, Integer::sum);
        }
      }
      out.printf("  notes per instrument (1-based GM program): %s%n", notes);
      out.printf("  metadata rows: %d%n", mn.metadata().size());
      MusicNetWindows.Result w = MusicNetWindows.SEED.cut(mn);
      out.printf(
          "  seed windows (4 instruments, 4 s, >= 4 notes): %d kept, instruments %s, %s%n",
          w.windows().size(), w.keptInstruments(), w.counters());
      out.printf(
          "  condition schema: %d entries, first %s%n",
          w.schema().size(), w.schema().entryNames().subList(0, Math.min(6, w.schema().size())));
      return "musicnet";
    }
    if (Files.isRegularFile(root.resolve("tracks.csv"))) {
      Fma fma = Fma.open(root, null);
      out.printf("FMA metadata at %s: %d tracks%n", root, fma.tracks().size());
      for (FmaTrack.Subset s : FmaTrack.Subset.values()) {
        Map<String, Integer> genres = new TreeMap<>();
        fma.genreTracks(s).forEach(t -> genres.merge(t.genreTop().orElseThrow(), 1, Integer::sum));
        out.printf(
            "  %s: %d tracks, %d without a top genre, genres %s%n",
            s, fma.tracks(s).size(), fma.withoutGenreTop(s).size(), genres);
      }
      if (!fma.genreTracks(FmaTrack.Subset.LARGE).isEmpty()) {
        out.printf(
            "  condition schema: %s%n",
            new FmaWindows(4).schema(fma, FmaTrack.Subset.LARGE).entryNames());
      }
      return "fma";
    }
    if (Files.isRegularFile(root.resolve("match_scores.json"))) {
      LakhMidi lmd = LakhMidi.open(root);
      long pairs = lmd.scores().values().stream().mapToLong(Map::size).sum();
      out.printf(
          "Lakh MIDI at %s: %d MSD ids, %d (id, MIDI) matches%n", root, lmd.scores().size(), pairs);
      return "lakh";
    }
    if (Files.isRegularFile(root.resolve("notes.csv"))) {
      out.printf("Single-note set at %s: %d notes%n", root, SingleNoteSet.read(root).size());
      return "single-notes";
    }
    MidiFolder folder = MidiFolder.scan(root);
    Map<String, Integer> genres = new TreeMap<>();
    folder.entries().forEach(e -> genres.merge(e.genre().orElse("(none)"), 1, Integer::sum));
    out.printf("MIDI folder %s: %d MIDI files, genres %s%n", root, folder.entries().size(), genres);
    out.printf("  problems: %d%n", folder.problems().size());
    folder.problems().forEach(p -> out.println("  " + p));
    return "midi";
  }
}
