package org.musicgan.datasets.msd;

/**
 * The Million Song metadata MusicGAN uses for one song.
 *
 * @param trackId {@code TR...} id (from /analysis/songs)
 * @param songId {@code SO...} id (from /metadata/songs)
 * @param title song title
 * @param artistName artist
 * @param release album
 * @param tempo estimated tempo in BPM
 * @param key pitch class 0..11 (0 = C)
 * @param mode 1 = major, 0 = minor
 * @param loudness overall loudness in dB
 * @param year release year, 0 = unknown
 * @param duration seconds
 * @param timeSignature beats per bar
 */
public record MsdSong(
    String trackId,
    String songId,
    String title,
    String artistName,
    String release,
    double tempo,
    int key,
    int mode,
    double loudness,
    int year,
    double duration,
    int timeSignature) {

  /** Whether the year is known. */
  public boolean hasYear() {
    return year > 0;
  }
}
