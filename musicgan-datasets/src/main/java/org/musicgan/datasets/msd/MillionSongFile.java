package org.musicgan.datasets.msd;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.CompoundDataType;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.musicgan.datasets.DatasetFormatException;

/**
 * Reads Million Song Dataset HDF5 files: a per-track song file ({@code data/A/B/C/TRABC....h5}, one
 * row) or {@code msd_summary_file.h5} (one row per song). The compound tables {@code
 * /metadata/songs}, {@code /analysis/songs} and {@code /musicbrainz/songs} are read by member name
 * (PyTables stores them alphabetically), and fixed-length strings are decoded as UTF-8 with their
 * NUL padding removed.
 */
public final class MillionSongFile {
  private MillionSongFile() {}

  /** {@code TRABCD...} → {@code A/B/C/TRABCD....h5}, the MSD's sharding. */
  public static String trackPath(String trackId) {
    if (!trackId.matches("TR[A-Z0-9]{16}")) {
      throw new IllegalArgumentException("not an MSD track id: " + trackId);
    }
    return trackId.charAt(2)
        + "/"
        + trackId.charAt(3)
        + "/"
        + trackId.charAt(4)
        + "/"
        + trackId
        + ".h5";
  }

  /**
   * Reads every song of the file.
   *
   * @throws DatasetFormatException naming the file and what is missing or malformed
   */
  public static List<MsdSong> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DatasetFormatException(file, 0, "no such file");
    }
    try (HdfFile hdf = new HdfFile(file)) {
      Map<String, Object> meta = table(file, hdf, "/metadata/songs");
      Map<String, String[]> metaText =
          utf8Strings(
              hdf.getDatasetByPath("/metadata/songs"),
              "song_id",
              "title",
              "artist_name",
              "release");
      Map<String, String[]> analysisText =
          utf8Strings(hdf.getDatasetByPath("/analysis/songs"), "track_id");
      Map<String, Object> analysis = table(file, hdf, "/analysis/songs");
      Map<String, Object> mb = table(file, hdf, "/musicbrainz/songs");
      int n = Array.getLength(member(file, analysis, "/analysis/songs", "track_id"));
      List<MsdSong> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(
            new MsdSong(
                text(file, analysisText, "track_id", i),
                text(file, metaText, "song_id", i),
                text(file, metaText, "title", i),
                text(file, metaText, "artist_name", i),
                text(file, metaText, "release", i),
                number(member(file, analysis, "/analysis/songs", "tempo"), i),
                (int) number(member(file, analysis, "/analysis/songs", "key"), i),
                (int) number(member(file, analysis, "/analysis/songs", "mode"), i),
                number(member(file, analysis, "/analysis/songs", "loudness"), i),
                (int) number(member(file, mb, "/musicbrainz/songs", "year"), i),
                number(member(file, analysis, "/analysis/songs", "duration"), i),
                (int) number(member(file, analysis, "/analysis/songs", "time_signature"), i)));
      }
      return out;
    } catch (HdfException | ClassCastException | IllegalArgumentException e) {
      throw new DatasetFormatException(
          file, 0, "not a readable MSD HDF5 file (" + e.getMessage() + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> table(Path file, HdfFile hdf, String path)
      throws DatasetFormatException {
    Dataset ds;
    try {
      ds = hdf.getDatasetByPath(path);
    } catch (HdfException e) {
      throw new DatasetFormatException(file, 0, "no " + path + " table");
    }
    Object data = ds.getData();
    if (!(data instanceof Map)) {
      throw new DatasetFormatException(file, 0, path + " is not a compound table");
    }
    return (Map<String, Object>) data;
  }

  private static Object member(Path file, Map<String, Object> table, String path, String name)
      throws DatasetFormatException {
    Object v = table.get(name);
    if (v == null || !v.getClass().isArray()) {
      throw new DatasetFormatException(file, 0, path + " has no member " + name);
    }
    return v;
  }

  private static String text(Path file, Map<String, String[]> strings, String name, int i)
      throws DatasetFormatException {
    String[] column = strings.get(name);
    if (column == null || i >= column.length) {
      throw new DatasetFormatException(file, 0, "no string member " + name);
    }
    return column[i];
  }

  /**
   * Fixed-length string members decoded as UTF-8 from the raw rows (jHDF decodes them as ASCII,
   * which mangles the MSD's UTF-8 names), with the NUL padding cut off.
   */
  private static Map<String, String[]> utf8Strings(Dataset ds, String... names) {
    java.util.Map<String, String[]> out = new java.util.HashMap<>();
    if (!(ds.getDataType() instanceof CompoundDataType type) || !(ds instanceof DatasetBase base)) {
      return out;
    }
    ByteBuffer raw = base.getDataBuffer();
    int rowSize = type.getSize();
    int rows = rowSize == 0 ? 0 : raw.remaining() / rowSize;
    for (CompoundDataType.CompoundDataMember m : type.getMembers()) {
      if (!java.util.Arrays.asList(names).contains(m.getName())) {
        continue;
      }
      int width = m.getDataType().getSize();
      String[] column = new String[rows];
      byte[] bytes = new byte[width];
      for (int r = 0; r < rows; r++) {
        raw.get(r * rowSize + m.getOffset(), bytes);
        int len = 0;
        while (len < width && bytes[len] != 0) {
          len++;
        }
        column[r] = new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      out.put(m.getName(), column);
    }
    return out;
  }

  private static double number(Object array, int i) {
    return ((Number) Array.get(array, i)).doubleValue();
  }
}
