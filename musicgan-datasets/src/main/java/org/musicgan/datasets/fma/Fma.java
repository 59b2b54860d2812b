package org.musicgan.datasets.fma;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.musicgan.datasets.CsvTables;
import org.musicgan.datasets.DatasetFormatException;

/**
 * The FMA dataset on disk:
 *
 * <pre>
 * fma_metadata/tracks.csv     2 column-name rows + a track_id row; columns keyed by (group, name)
 * fma_metadata/genres.csv     genre_id,#tracks,parent,title,top_level
 * fma_metadata/echonest.csv   3 column-name rows + a track_id row; tempo at (echonest, audio_features, tempo)
 * fma_small/000/000002.mp3    audio: &lt;3-digit prefix&gt;/&lt;6-digit id&gt;.mp3
 * </pre>
 *
 * Subsets nest (small ⊂ medium ⊂ large): {@code tracks(Subset.MEDIUM)} includes the small tracks.
 * Tracks with an empty {@code genre_top} are kept in {@link #tracks()} but reported by {@link
 * #withoutGenreTop} and left out of {@link #genreTracks}.
 */
public final class Fma {
  private static final List<String> GENRES_HEADER =
      List.of("genre_id", "#tracks", "parent", "title", "top_level");

  private final List<FmaTrack> tracks;
  private final Map<Integer, FmaGenre> genres;
  private final Map<Integer, Double> tempo;
  private final Path audioDir;

  private Fma(
      List<FmaTrack> tracks,
      Map<Integer, FmaGenre> genres,
      Map<Integer, Double> tempo,
      Path audio) {
    this.tracks = tracks;
    this.genres = genres;
    this.tempo = tempo;
    this.audioDir = audio;
  }

  /**
   * Opens FMA metadata (and, optionally, an audio folder such as {@code fma_small}).
   *
   * @param metadataDir folder holding {@code tracks.csv} (required), {@code genres.csv} and {@code
   *     echonest.csv} (optional)
   * @param audioDir folder of the MP3 clips, or null
   */
  public static Fma open(Path metadataDir, Path audioDir) throws IOException {
    Path tracksCsv = metadataDir.resolve("tracks.csv");
    if (!Files.isRegularFile(tracksCsv)) {
      throw new DatasetFormatException(metadataDir, 0, "no tracks.csv: not an FMA metadata folder");
    }
    Path genresCsv = metadataDir.resolve("genres.csv");
    Path echonestCsv = metadataDir.resolve("echonest.csv");
    return new Fma(
        readTracks(tracksCsv),
        Files.exists(genresCsv) ? readGenres(genresCsv) : Map.of(),
        Files.exists(echonestCsv) ? readEchonestTempo(echonestCsv) : Map.of(),
        audioDir);
  }

  /** All tracks. */
  public List<FmaTrack> tracks() {
    return tracks;
  }

  /** The tracks of a subset (nested: medium includes small). */
  public List<FmaTrack> tracks(FmaTrack.Subset subset) {
    return tracks.stream().filter(t -> t.subset().within(subset)).toList();
  }

  /** The tracks of a subset that have a top-level genre (usable for genre conditioning). */
  public List<FmaTrack> genreTracks(FmaTrack.Subset subset) {
    return tracks(subset).stream().filter(t -> t.genreTop().isPresent()).toList();
  }

  /** The tracks of a subset with no top-level genre, which genre conditioning skips. */
  public List<FmaTrack> withoutGenreTop(FmaTrack.Subset subset) {
    return tracks(subset).stream().filter(t -> t.genreTop().isEmpty()).toList();
  }

  /** Genres by id (empty if there was no genres.csv). */
  public Map<Integer, FmaGenre> genres() {
    return genres;
  }

  /** Echonest tempo in BPM, if the track has one. */
  public Optional<Double> tempo(FmaTrack track) {
    return Optional.ofNullable(tempo.get(track.id()));
  }

  /** The track's clip, if an audio folder was given and the file exists. */
  public Optional<Path> audio(FmaTrack track) {
    if (audioDir == null) {
      return Optional.empty();
    }
    Path p = audioDir.resolve(track.audioPath());
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** Maps (level0, level1[, level2]) column keys to positions. */
  private static Map<String, Integer> columns(List<CsvTables.Row> headerRows) {
    Map<String, Integer> out = new HashMap<>();
    int width = headerRows.get(0).values().size();
    for (int c = 1; c < width; c++) {
      StringBuilder key = new StringBuilder();
      for (CsvTables.Row r : headerRows) {
        key.append(key.length() == 0 ? "" : "/").append(c < r.values().size() ? r.get(c) : "");
      }
      out.put(key.toString(), c);
    }
    return out;
  }

  private static int column(Path file, Map<String, Integer> cols, String key)
      throws DatasetFormatException {
    Integer c = cols.get(key);
    if (c == null) {
      throw new DatasetFormatException(file, 1, "no column " + key.replace('/', '.'));
    }
    return c;
  }

  /**
   * Reads {@code tracks.csv}.
   *
   * @throws DatasetFormatException naming the file and line of a malformed header or row
   */
  public static List<FmaTrack> readTracks(Path csv) throws IOException {
    List<CsvTables.Row> rows = CsvTables.readRaw(csv);
    if (rows.size() < 3 || !"track_id".equals(rows.get(2).get(0))) {
      throw new DatasetFormatException(
          csv, Math.min(3, rows.size()), "expected 2 column-name rows and a track_id row");
    }
    Map<String, Integer> cols = columns(rows.subList(0, 2));
    int subset = column(csv, cols, "set/subset");
    int split = column(csv, cols, "set/split");
    int genreTop = column(csv, cols, "track/genre_top");
    int genres = column(csv, cols, "track/genres");
    int genresAll = column(csv, cols, "track/genres_all");
    int title = column(csv, cols, "track/title");
    int artist = column(csv, cols, "artist/name");
    int duration = column(csv, cols, "track/duration");
    int bitRate = column(csv, cols, "track/bit_rate");
    List<CsvTables.Row> data = rows.subList(3, rows.size());
    CsvTables.requireWidth(csv, data, rows.get(0).values().size());
    List<FmaTrack> out = new ArrayList<>(data.size());
    for (CsvTables.Row r : data) {
      FmaTrack.Subset s;
      try {
        s = FmaTrack.Subset.valueOf(r.get(subset).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new DatasetFormatException(
            csv,
            r.line(),
            "set.subset must be small, medium or large, found \"" + r.get(subset) + "\"");
      }
      List<Integer> g;
      List<Integer> ga;
      try {
        g = PythonListLiteral.parseInts(r.get(genres));
        ga = PythonListLiteral.parseInts(r.get(genresAll));
      } catch (IllegalArgumentException e) {
        throw new DatasetFormatException(csv, r.line(), e.getMessage());
      }
      String top = r.get(genreTop);
      out.add(
          new FmaTrack(
              (int) CsvTables.parseLong(csv, r, 0, "track_id"),
              r.get(title),
              r.get(artist),
              top.isEmpty() ? Optional.empty() : Optional.of(top),
              List.copyOf(g),
              List.copyOf(ga),
              s,
              r.get(split),
              r.get(duration).isEmpty()
                  ? -1
                  : (int) CsvTables.parseLong(csv, r, duration, "track.duration"),
              r.get(bitRate).isEmpty()
                  ? -1
                  : (int) CsvTables.parseLong(csv, r, bitRate, "track.bit_rate")));
    }
    return Collections.unmodifiableList(out);
  }

  /** Reads {@code genres.csv}. */
  public static Map<Integer, FmaGenre> readGenres(Path csv) throws IOException {
    Map<Integer, FmaGenre> out = new LinkedHashMap<>();
    for (CsvTables.Row r : CsvTables.read(csv, GENRES_HEADER)) {
      FmaGenre g =
          new FmaGenre(
              (int) CsvTables.parseLong(csv, r, 0, "genre_id"),
              (int) CsvTables.parseLong(csv, r, 1, "#tracks"),
              (int) CsvTables.parseLong(csv, r, 2, "parent"),
              r.get(3),
              (int) CsvTables.parseLong(csv, r, 4, "top_level"));
      out.put(g.id(), g);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Reads the tempo column of {@code echonest.csv}: track id to BPM (empty cells skipped). */
  public static Map<Integer, Double> readEchonestTempo(Path csv) throws IOException {
    List<CsvTables.Row> rows = CsvTables.readRaw(csv);
    if (rows.size() < 4 || !"track_id".equals(rows.get(3).get(0))) {
      throw new DatasetFormatException(
          csv, Math.min(4, rows.size()), "expected 3 column-name rows and a track_id row");
    }
    int tempo = column(csv, columns(rows.subList(0, 3)), "echonest/audio_features/tempo");
    List<CsvTables.Row> data = rows.subList(4, rows.size());
    CsvTables.requireWidth(csv, data, rows.get(0).values().size());
    Map<Integer, Double> out = new HashMap<>();
    for (CsvTables.Row r : data) {
      if (!r.get(tempo).isEmpty()) {
        out.put(
            (int) CsvTables.parseLong(csv, r, 0, "track_id"),
            CsvTables.parseDouble(csv, r, tempo, "tempo"));
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
