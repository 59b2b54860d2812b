package org.musicgan.datasets.musicnet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.musicgan.audio.AudioClip;
import org.musicgan.datasets.FeatureSchema;

/**
 * The seed's MusicNet recipe, made general: keep the recordings that use only the {@code
 * instruments} most common instruments (the seed found 4 dominate), cut each into back-to-back
 * windows of {@code windowSeconds}, reject windows with fewer than {@code minNotes} sounding notes,
 * and give each window a condition vector: one-hot composer, composition and ensemble, then for
 * each of {@code pieces} equal slices of the window, which of the kept instruments play.
 *
 * <p>"Sounding" means the note's half-open interval overlaps the window's half-open interval: a
 * note ending exactly where the window starts, or starting exactly where it ends, does not count.
 *
 * @param instruments how many of the most common instruments to keep (the seed: 4)
 * @param windowSeconds window length (the seed: 4)
 * @param minNotes minimum sounding notes per window (the seed: 4)
 * @param pieces slices per window for instrument activity (the seed: 16)
 */
public record MusicNetWindows(int instruments, double windowSeconds, int minNotes, int pieces) {

  /** The seed's numbers: 4 instruments, 4-second windows, at least 4 notes, 16 pieces. */
  public static final MusicNetWindows SEED = new MusicNetWindows(4, 4.0, 4, 16);

  /** Validates the settings. */
  public MusicNetWindows {
    if (instruments < 1 || !(windowSeconds > 0) || minNotes < 0 || pieces < 1) {
      throw new IllegalArgumentException(
          "need instruments >= 1, windowSeconds > 0, minNotes >= 0, pieces >= 1");
    }
  }

  /**
   * One window of one recording.
   *
   * @param recording the recording
   * @param startSample first sample (44.1 kHz)
   * @param endSample one past the last sample
   * @param sounding notes overlapping the window
   * @param condition the condition vector, laid out by {@link Result#schema()}
   */
  public record Window(
      MusicNetRecording recording,
      long startSample,
      long endSample,
      int sounding,
      float[] condition) {

    /** The window's audio, cut from the recording's full clip. */
    public AudioClip slice(AudioClip recordingAudio) {
      float[] all = recordingAudio.samples();
      float[] out = new float[(int) (endSample - startSample)];
      int available = (int) Math.max(0, Math.min(out.length, all.length - startSample));
      System.arraycopy(all, (int) startSample, out, 0, available);
      return new AudioClip(out, recordingAudio.sampleRate());
    }
  }

  /**
   * The windows, their schema and what was dropped.
   *
   * @param windows accepted windows
   * @param schema names every entry of the condition vectors
   * @param keptInstruments the instruments kept (1-based GM programs), most common first
   * @param counters recordings and windows dropped, by reason
   */
  public record Result(
      List<Window> windows,
      FeatureSchema schema,
      List<Integer> keptInstruments,
      Map<String, Integer> counters) {}

  /** Cuts the windows of every recording of {@code dataset}. */
  public Result cut(MusicNet dataset) throws IOException {
    Map<MusicNetRecording, List<MusicNetLabel>> labels = new LinkedHashMap<>();
    Map<Integer, Integer> recordingsPerInstrument = new HashMap<>();
    for (MusicNetRecording r : dataset.recordings()) {
      List<MusicNetLabel> l = dataset.labels(r);
      labels.put(r, l);
      l.stream()
          .map(MusicNetLabel::instrument)
          .distinct()
          .forEach(i -> recordingsPerInstrument.merge(i, 1, Integer::sum));
    }
    List<Integer> kept =
        recordingsPerInstrument.entrySet().stream()
            .sorted(
                Map.Entry.<Integer, Integer>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(instruments)
            .map(Map.Entry::getKey)
            .toList();
    Map<String, Integer> counters = new LinkedHashMap<>();
    List<MusicNetRecording> selected = new ArrayList<>();
    for (Map.Entry<MusicNetRecording, List<MusicNetLabel>> e : labels.entrySet()) {
      boolean onlyKept = e.getValue().stream().allMatch(l -> kept.contains(l.instrument()));
      if (onlyKept && !e.getValue().isEmpty()) {
        selected.add(e.getKey());
      } else {
        counters.merge("recordings_with_other_instruments", 1, Integer::sum);
      }
    }
    FeatureSchema schema = schema(selected, kept);
    long window = Math.round(windowSeconds * MusicNetLabel.SAMPLE_RATE);
    List<Window> out = new ArrayList<>();
    for (MusicNetRecording r : selected) {
      List<MusicNetLabel> l = labels.get(r);
      long end = l.stream().mapToLong(MusicNetLabel::endSample).max().orElse(0);
      for (long start = 0; start + window <= end; start += window) {
        long from = start;
        long to = start + window;
        int sounding = (int) l.stream().filter(n -> n.overlaps(from, to)).count();
        if (sounding < minNotes) {
          counters.merge("windows_too_few_notes", 1, Integer::sum);
          continue;
        }
        out.add(new Window(r, from, to, sounding, condition(schema, r, l, from, to, kept)));
      }
    }
    counters.put("windows_kept", out.size());
    return new Result(out, schema, kept, counters);
  }

  private FeatureSchema schema(List<MusicNetRecording> selected, List<Integer> kept) {
    TreeSet<String> composers = new TreeSet<>();
    TreeSet<String> compositions = new TreeSet<>();
    TreeSet<String> ensembles = new TreeSet<>();
    for (MusicNetRecording r : selected) {
      r.metadata()
          .ifPresent(
              m -> {
                composers.add(m.composer());
                compositions.add(m.composition());
                ensembles.add(m.ensemble());
              });
    }
    List<FeatureSchema.Feature> features = new ArrayList<>();
    if (!composers.isEmpty()) {
      features.add(FeatureSchema.Feature.categorical("composer", List.copyOf(composers)));
      features.add(FeatureSchema.Feature.categorical("composition", List.copyOf(compositions)));
      features.add(FeatureSchema.Feature.categorical("ensemble", List.copyOf(ensembles)));
    }
    for (int p = 0; p < pieces; p++) {
      for (int instrument : kept) {
        features.add(FeatureSchema.Feature.numeric(activityName(p, instrument), 0, 1));
      }
    }
    return new FeatureSchema(features);
  }

  static String activityName(int piece, int instrument) {
    return String.format("piece%02d/instrument%03d", piece, instrument);
  }

  private float[] condition(
      FeatureSchema schema,
      MusicNetRecording r,
      List<MusicNetLabel> labels,
      long from,
      long to,
      List<Integer> kept) {
    Map<String, Object> choices = new HashMap<>();
    r.metadata()
        .ifPresent(
            m -> {
              if (schema.features().stream().anyMatch(f -> f.name().equals("composer"))) {
                choices.put("composer", m.composer());
                choices.put("composition", m.composition());
                choices.put("ensemble", m.ensemble());
              }
            });
    long length = to - from;
    for (int p = 0; p < pieces; p++) {
      long a = from + length * p / pieces;
      long b = from + length * (p + 1) / pieces;
      for (int instrument : kept) {
        boolean active =
            labels.stream().anyMatch(n -> n.instrument() == instrument && n.overlaps(a, b));
        choices.put(activityName(p, instrument), active ? 1.0 : 0.0);
      }
    }
    return schema.vector(choices);
  }
}
