package org.musicgan.datasets.midi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every MIDI file in a folder tree ({@code .mid}, {@code .midi}, {@code .kar}, {@code .rmi}, any
 * case). Each file's first bytes are checked: MIDI (plain or RIFF-RMID) is listed, anything else
 * (an MP3, a WAV, a ZIP or text saved as {@code .mid}) is reported with what it is, never crashed
 * on.
 *
 * <p>For "The MIDI Man"-style collections the genre and artist come from the path: a top folder
 * {@code <Genre>_<site>_MIDIRip} gives the genre (the words before the site name, e.g. {@code
 * Classical_Piano_piano-midi.de_MIDIRip} → "Classical Piano"), and letter buckets ({@code
 * G/G/garbage-androgyny.mid}) give the artist from {@code artist-title} file names.
 */
public final class MidiFolder {

  /**
   * A MIDI file found in the tree.
   *
   * @param path the file
   * @param relativePath its path below the root, with {@code /}
   * @param kind SMF or RMID
   * @param genre genre read from the path, if any
   * @param artist artist read from the file name, if any
   */
  public record Entry(
      Path path,
      String relativePath,
      MidiFileKind kind,
      Optional<String> genre,
      Optional<String> artist) {}

  /**
   * A file with a MIDI extension that is not MIDI.
   *
   * @param path the file
   * @param kind what it really is
   */
  public record Problem(Path path, MidiFileKind kind) {
    @Override
    public String toString() {
      return path + ": not a MIDI file (" + kind.name().toLowerCase(Locale.ROOT) + ")";
    }
  }

  private final Path root;
  private final List<Entry> entries;
  private final List<Problem> problems;

  private MidiFolder(Path root, List<Entry> entries, List<Problem> problems) {
    this.root = root;
    this.entries = entries;
    this.problems = problems;
  }

  /** Walks {@code root} and checks every MIDI-named file. */
  public static MidiFolder scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": not a folder");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).filter(MidiFolder::hasMidiName).sorted().toList();
    }
    List<Entry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    byte[] head = new byte[64];
    for (Path f : files) {
      int n;
      try (InputStream in = Files.newInputStream(f)) {
        n = in.readNBytes(head, 0, head.length);
      }
      MidiFileKind kind = MidiFileKind.sniff(head, n);
      if (!kind.isMidi()) {
        problems.add(new Problem(f, kind));
        continue;
      }
      String rel = root.relativize(f).toString().replace('\\', '/');
      entries.add(new Entry(f, rel, kind, genreOf(rel), artistOf(rel)));
    }
    return new MidiFolder(root, Collections.unmodifiableList(entries), List.copyOf(problems));
  }

  private static boolean hasMidiName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".mid") || n.endsWith(".midi") || n.endsWith(".kar") || n.endsWith(".rmi");
  }

  /** Genre from a {@code <Genre>_<site>_MIDIRip} folder anywhere in the path. */
  static Optional<String> genreOf(String relativePath) {
    for (String part : relativePath.split("/")) {
      if (!part.endsWith("_MIDIRip")) {
        continue;
      }
      String[] words = part.substring(0, part.length() - "_MIDIRip".length()).split("_");
      List<String> genre = new ArrayList<>();
      for (String w : words) {
        if (w.contains(".") || w.toLowerCase(Locale.ROOT).startsWith("www")) {
          break; // the site name starts here
        }
        genre.add(w);
      }
      if (!genre.isEmpty()) {
        return Optional.of(String.join(" ", genre));
      }
    }
    return Optional.empty();
  }

  /** Artist from {@code artist-title.mid} in single-letter bucket folders. */
  static Optional<String> artistOf(String relativePath) {
    String[] parts = relativePath.split("/");
    if (parts.length < 2 || parts[parts.length - 2].length() != 1) {
      return Optional.empty();
    }
    String name = parts[parts.length - 1];
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    int dash = stem.indexOf('-');
    if (dash <= 0) {
      return Optional.empty();
    }
    return Optional.of(stem.substring(0, dash).replace('_', ' '));
  }

  /** The folder scanned. */
  public Path root() {
    return root;
  }

  /** The MIDI files, in path order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Files named like MIDI that are not. */
  public List<Problem> problems() {
    return problems;
  }
}
