package org.musicgan.datasets.midi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.musicgan.datasets.DatasetFormatException;
import org.musicgan.datasets.msd.MillionSongFile;
import org.musicgan.datasets.msd.MsdSong;

/**
 * The Lakh MIDI Dataset, matched subset:
 *
 * <pre>
 * root/match_scores.json                        {"TR...": {"&lt;md5&gt;": 0.70, ...}, ...}
 * root/lmd_matched/&lt;R&gt;/&lt;S&gt;/&lt;T&gt;/&lt;MSD id&gt;/&lt;md5&gt;.mid   R, S, T = MSD id chars 2, 3, 4
 * root/lmd_matched_h5/&lt;R&gt;/&lt;S&gt;/&lt;T&gt;/&lt;MSD id&gt;.h5     (Million Song metadata)
 * </pre>
 *
 * One MIDI file can match several MSD ids and one id several files; {@link #bestMatch} picks the
 * file with the highest score for an id.
 */
public final class LakhMidi {
  private static final Pattern MSD_ID = Pattern.compile("TR[A-Z0-9]{16}");
  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

  private final Path root;
  private final Map<String, Map<String, Double>> scores;

  private LakhMidi(Path root, Map<String, Map<String, Double>> scores) {
    this.root = root;
    this.scores = scores;
  }

  /**
   * Opens an LMD root holding {@code match_scores.json} and {@code lmd_matched/}.
   *
   * @throws DatasetFormatException if the scores file is missing or malformed (naming the id)
   */
  public static LakhMidi open(Path root) throws IOException {
    Path json = root.resolve("match_scores.json");
    if (!Files.isRegularFile(json)) {
      throw new DatasetFormatException(root, 0, "no match_scores.json: not a Lakh MIDI root");
    }
    return new LakhMidi(root, readScores(json));
  }

  /** Reads {@code match_scores.json}, streaming (the real file is about 5 MB on one line). */
  public static Map<String, Map<String, Double>> readScores(Path json) throws IOException {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(json);
        JsonParser p = new ObjectMapper().getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DatasetFormatException(json, 1, "expected a JSON object of MSD ids");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String msdId = p.currentName();
        if (!MSD_ID.matcher(msdId).matches()) {
          throw new DatasetFormatException(
              json, p.currentLocation().getLineNr(), "not an MSD id: \"" + msdId + "\"");
        }
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new DatasetFormatException(
              json, p.currentLocation().getLineNr(), msdId + " must map to {md5: score}");
        }
        Map<String, Double> matches = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String md5 = p.currentName();
          JsonToken t = p.nextToken();
          if (!MD5.matcher(md5).matches()
              || (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT)) {
            throw new DatasetFormatException(
                json,
                p.currentLocation().getLineNr(),
                msdId + ": expected \"<md5>\": score, found \"" + md5 + "\"");
          }
          matches.put(md5, p.getDoubleValue());
        }
        out.put(msdId, Collections.unmodifiableMap(matches));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DatasetFormatException(
          json,
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "malformed JSON: " + e.getOriginalMessage());
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code TRABCD12345678...} → {@code A/B/C/TRABCD12345678...}. */
  public static String msdIdToDirs(String msdId) {
    if (!MSD_ID.matcher(msdId).matches()) {
      throw new IllegalArgumentException("not an MSD id: " + msdId);
    }
    return msdId.charAt(2) + "/" + msdId.charAt(3) + "/" + msdId.charAt(4) + "/" + msdId;
  }

  /** All match scores: MSD id → (MIDI md5 → score in [0.5, 1]). */
  public Map<String, Map<String, Double>> scores() {
    return scores;
  }

  /** The best-scoring MIDI md5 for an MSD id. */
  public Optional<String> bestMatch(String msdId) {
    Map<String, Double> m = scores.get(msdId);
    if (m == null || m.isEmpty()) {
      return Optional.empty();
    }
    return m.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  /** Path of a matched MIDI file: {@code lmd_matched/R/S/T/<msd id>/<md5>.mid}. */
  public Path midiPath(String msdId, String md5) {
    return root.resolve("lmd_matched").resolve(msdIdToDirs(msdId)).resolve(md5 + ".mid");
  }

  /**
   * The Million Song metadata of an MSD id, from {@code lmd_matched_h5} (empty if that file is not
   * there).
   */
  public Optional<MsdSong> song(String msdId) throws IOException {
    Path h5 = h5Path(msdId);
    if (!Files.isRegularFile(h5)) {
      return Optional.empty();
    }
    List<MsdSong> songs = MillionSongFile.read(h5);
    return songs.stream().filter(s -> s.trackId().equals(msdId)).findFirst();
  }

  /** Path of the MSD song file for an id: {@code lmd_matched_h5/R/S/T/<msd id>.h5}. */
  public Path h5Path(String msdId) {
    return root.resolve("lmd_matched_h5").resolve(msdIdToDirs(msdId) + ".h5");
  }
}
