package org.musicgan.datasets.fma;

import java.util.List;
import java.util.Optional;

/**
 * One row of FMA's {@code tracks.csv}, the columns MusicGAN uses.
 *
 * @param id track id
 * @param title track title
 * @param artist artist name
 * @param genreTop the single top-level genre, empty when the track's genres span several roots
 * @param genres genre ids the artist chose
 * @param genresAll those genres and all their ancestors (order arbitrary)
 * @param subset the smallest subset containing the track
 * @param split training, validation or test
 * @param durationSeconds the full track's duration from the API (not the 30 s clip's)
 * @param bitRate bit rate in bit/s, -1 if unknown
 */
public record FmaTrack(
    int id,
    String title,
    String artist,
    Optional<String> genreTop,
    List<Integer> genres,
    List<Integer> genresAll,
    Subset subset,
    String split,
    int durationSeconds,
    int bitRate) {

  /** FMA's nested subsets: small ⊂ medium ⊂ large. */
  public enum Subset {
    /** 8,000 tracks, 8 balanced genres. */
    SMALL,
    /** 25,000 tracks (small included), 16 genres. */
    MEDIUM,
    /** All 106,574 tracks. */
    LARGE;

    /** Whether a track whose smallest subset is this one belongs to {@code wanted}. */
    public boolean within(Subset wanted) {
      return ordinal() <= wanted.ordinal();
    }
  }

  /**
   * The clip's path below the audio folder: {@code <first 3 digits>/<6-digit id>.mp3}, e.g. track 2
   * at {@code 000/000002.mp3}.
   */
  public String audioPath() {
    String tid = String.format("%06d", id);
    return tid.substring(0, 3) + "/" + tid + ".mp3";
  }
}
