package org.musicgan.datasets.fma;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AudioFiles;
import org.musicgan.datasets.FeatureSchema;

/**
 * FMA clips cut into windows for the conditional GAN: each track with a top-level genre is decoded
 * (mono, native rate) and cut into back-to-back windows of {@code windowSeconds}; the condition is
 * the genre one-hot plus the echonest tempo, scaled as {@code (bpm - 120) / 60} (missing tempo: the
 * neutral 120).
 *
 * @param windowSeconds window length (the seed: 4)
 */
public record FmaWindows(double windowSeconds) {

  /** Validates the length. */
  public FmaWindows {
    if (!(windowSeconds > 0)) {
      throw new IllegalArgumentException("windowSeconds must be > 0, found " + windowSeconds);
    }
  }

  /**
   * One window.
   *
   * @param track the track
   * @param clip the window's audio
   * @param condition the condition vector, laid out by the schema
   */
  public record Window(FmaTrack track, AudioClip clip, float[] condition) {}

  /** The schema of a subset: genre one-hot over the subset's genres, then tempo. */
  public FeatureSchema schema(Fma fma, FmaTrack.Subset subset) {
    TreeSet<String> genres = new TreeSet<>();
    fma.genreTracks(subset).forEach(t -> genres.add(t.genreTop().orElseThrow()));
    if (genres.isEmpty()) {
      throw new IllegalArgumentException("no track of subset " + subset + " has a top-level genre");
    }
    return new FeatureSchema(
        List.of(
            FeatureSchema.Feature.categorical("genre", List.copyOf(genres)),
            FeatureSchema.Feature.numeric("tempo", 120, 1 / 60.0)));
  }

  /**
   * Decodes one track's clip and cuts its windows (a short clip gives none).
   *
   * @throws IOException if the clip is missing or cannot be decoded (FMA has a few empty MP3s)
   */
  public List<Window> windows(Fma fma, FeatureSchema schema, FmaTrack track) throws IOException {
    Optional<Path> file = fma.audio(track);
    if (file.isEmpty()) {
      throw new IOException(
          "no audio file for track " + track.id() + " (" + track.audioPath() + ")");
    }
    AudioClip clip = AudioFiles.readMono(file.get());
    Map<String, Object> choices = new HashMap<>();
    choices.put("genre", track.genreTop().orElseThrow());
    fma.tempo(track).ifPresent(t -> choices.put("tempo", t));
    float[] condition = schema.vector(choices);
    int n = (int) Math.round(windowSeconds * clip.sampleRate());
    float[] all = clip.samples();
    List<Window> out = new ArrayList<>();
    for (int start = 0; start + n <= all.length; start += n) {
      float[] w = java.util.Arrays.copyOfRange(all, start, start + n);
      out.add(new Window(track, new AudioClip(w, clip.sampleRate()), condition.clone()));
    }
    return out;
  }
}
