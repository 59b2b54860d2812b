package org.musicgan.datasets.musicnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.datasets.CsvTables;
import org.musicgan.datasets.DatasetFormatException;

/**
 * A MusicNet dataset on disk:
 *
 * <pre>
 * root/
 *   musicnet_metadata.csv          (optional; either circulating variant)
 *   train_data/&lt;id&gt;.wav  train_labels/&lt;id&gt;.csv
 *   test_data/&lt;id&gt;.wav   test_labels/&lt;id&gt;.csv
 * </pre>
 *
 * The Kaggle re-upload's extra nesting ({@code root/musicnet/musicnet/train_data}) is found too.
 * Audio is 44.1 kHz mono 32-bit float WAV; labels are sample indices at 44.1 kHz with half-open
 * intervals and 1-based instrument programs ({@link MusicNetLabel}).
 */
public final class MusicNet {
  /** Header of {@code musicnet_metadata.csv}, verbatim. */
  public static final List<String> METADATA_HEADER =
      List.of(
          "id",
          "composer",
          "composition",
          "movement",
          "ensemble",
          "source",
          "transcriber",
          "catalog_name",
          "seconds");

  /** Header of a label file, verbatim. */
  public static final List<String> LABEL_HEADER =
      List.of(
          "start_time", "end_time", "instrument", "note", "start_beat", "end_beat", "note_value");

  private final Path root;
  private final List<MusicNetRecording> recordings;
  private final Map<Integer, MusicNetMetadata> metadata;

  private MusicNet(
      Path root, List<MusicNetRecording> recordings, Map<Integer, MusicNetMetadata> metadata) {
    this.root = root;
    this.recordings = recordings;
    this.metadata = metadata;
  }

  /**
   * Opens a MusicNet folder: finds the recordings (a {@code .wav} with its {@code .csv}) and reads
   * the metadata if present.
   *
   * @throws DatasetFormatException if the folder has no {@code train_data}/{@code test_data}, a
   *     recording lacks its labels, or the metadata is malformed
   */
  public static MusicNet open(Path folder) throws IOException {
    Path root = locateRoot(folder);
    Path metaFile = root.resolve("musicnet_metadata.csv");
    if (!Files.exists(metaFile) && Files.exists(folder.resolve("musicnet_metadata.csv"))) {
      metaFile = folder.resolve("musicnet_metadata.csv");
    }
    Map<Integer, MusicNetMetadata> meta =
        Files.exists(metaFile) ? readMetadata(metaFile) : Map.of();
    List<MusicNetRecording> recs = new ArrayList<>();
    for (MusicNetRecording.Split split : MusicNetRecording.Split.values()) {
      Path data = root.resolve(split.folderPrefix() + "_data");
      Path labels = root.resolve(split.folderPrefix() + "_labels");
      if (!Files.isDirectory(data)) {
        continue;
      }
      try (Stream<Path> files = Files.list(data)) {
        for (Path wav : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
          String name = wav.getFileName().toString();
          int id;
          try {
            id = Integer.parseInt(name.substring(0, name.length() - 4));
          } catch (NumberFormatException e) {
            throw new DatasetFormatException(wav, 0, "file name is not <id>.wav");
          }
          Path csv = labels.resolve(id + ".csv");
          if (!Files.isRegularFile(csv)) {
            throw new DatasetFormatException(wav, 0, "has no label file " + csv);
          }
          recs.add(new MusicNetRecording(id, split, wav, csv, Optional.ofNullable(meta.get(id))));
        }
      }
    }
    recs.sort(Comparator.comparingInt(MusicNetRecording::id));
    return new MusicNet(root, Collections.unmodifiableList(recs), meta);
  }

  private static Path locateRoot(Path folder) throws DatasetFormatException {
    for (Path candidate :
        List.of(folder, folder.resolve("musicnet"), folder.resolve("musicnet/musicnet"))) {
      if (Files.isDirectory(candidate.resolve("train_data"))
          || Files.isDirectory(candidate.resolve("test_data"))) {
        return candidate;
      }
    }
    throw new DatasetFormatException(
        folder, 0, "not a MusicNet folder: no train_data/ or test_data/ inside");
  }

  /** The folder holding {@code train_data} and {@code test_data}. */
  public Path root() {
    return root;
  }

  /** All recordings, by id. */
  public List<MusicNetRecording> recordings() {
    return recordings;
  }

  /** The recordings of one split. */
  public List<MusicNetRecording> recordings(MusicNetRecording.Split split) {
    return recordings.stream().filter(r -> r.split() == split).toList();
  }

  /** All metadata rows by id (empty if the folder has no metadata file). */
  public Map<Integer, MusicNetMetadata> metadata() {
    return metadata;
  }

  /** Reads a recording's labels. */
  public List<MusicNetLabel> labels(MusicNetRecording recording) throws IOException {
    return readLabels(recording.labels());
  }

  /** Reads a recording's audio (44.1 kHz mono). */
  public AudioClip audio(MusicNetRecording recording) throws IOException {
    return AudioFiles.readMono(recording.audio());
  }

  /**
   * Reads a label file.
   *
   * @throws DatasetFormatException naming the file and line of a bad row
   */
  public static List<MusicNetLabel> readLabels(Path csv) throws IOException {
    List<MusicNetLabel> out = new ArrayList<>();
    for (CsvTables.Row r : CsvTables.read(csv, LABEL_HEADER)) {
      long start = CsvTables.parseLong(csv, r, 0, "start_time");
      long end = CsvTables.parseLong(csv, r, 1, "end_time");
      long instrument = CsvTables.parseLong(csv, r, 2, "instrument");
      long note = CsvTables.parseLong(csv, r, 3, "note");
      if (start < 0 || end <= start) {
        throw new DatasetFormatException(
            csv, r.line(), "end_time " + end + " must be after start_time " + start + " >= 0");
      }
      if (instrument < 1 || instrument > 128) {
        throw new DatasetFormatException(
            csv, r.line(), "instrument must be a 1-based program 1..128, found " + instrument);
      }
      if (note < 0 || note > 127) {
        throw new DatasetFormatException(csv, r.line(), "note must be 0..127, found " + note);
      }
      out.add(
          new MusicNetLabel(
              start,
              end,
              (int) instrument,
              (int) note,
              CsvTables.parseDouble(csv, r, 4, "start_beat"),
              CsvTables.parseDouble(csv, r, 5, "end_beat"),
              r.get(6)));
    }
    return out;
  }

  /**
   * Reads {@code musicnet_metadata.csv} in either circulating variant (CRLF without quoting, or LF
   * with RFC-4180 quoting).
   *
   * @throws DatasetFormatException naming the file and line of a bad row or duplicate id
   */
  public static Map<Integer, MusicNetMetadata> readMetadata(Path csv) throws IOException {
    Map<Integer, MusicNetMetadata> out = new LinkedHashMap<>();
    for (CsvTables.Row r : CsvTables.read(csv, METADATA_HEADER)) {
      int id = (int) CsvTables.parseLong(csv, r, 0, "id");
      int seconds = (int) CsvTables.parseLong(csv, r, 8, "seconds");
      MusicNetMetadata m =
          new MusicNetMetadata(
              id, r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7), seconds);
      if (out.put(id, m) != null) {
        throw new DatasetFormatException(csv, r.line(), "duplicate id " + id);
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
