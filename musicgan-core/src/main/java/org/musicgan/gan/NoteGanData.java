package org.musicgan.gan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.FeatureSchema;
import org.musicgan.datasets.synth.SingleNoteSet;

/**
 * Turns a rendered {@link SingleNoteSet} into GAN training data: every clip fitted to the preset's
 * rate and length and encoded, a normaliser fitted over the set (mean/std for the log-amplitude
 * representations, min/max otherwise), and condition vectors from the schema {@code pitch} (one-hot
 * over the set's pitches, as MIDI numbers) and {@code instrument} (one-hot over its General MIDI
 * programs, as numbers).
 */
public final class NoteGanData {
  private NoteGanData() {}

  /**
   * Prepared data.
   *
   * @param data normalised tensors and conditions
   * @param normalizer the fitted normaliser
   * @param schema the condition features
   * @param preset the representation preset
   * @param gridConditions one condition per (pitch, instrument) pair, for samples and evaluation
   * @param gridLabels file-name-safe labels of the grid, e.g. {@code p60_i73}
   * @param gridPitches the pitch of each grid entry
   */
  public record Prepared(
      GanDataset data,
      Normalizer normalizer,
      FeatureSchema schema,
      RepresentationPreset preset,
      List<float[]> gridConditions,
      List<String> gridLabels,
      List<Integer> gridPitches) {}

  /** The schema for a set's pitches and programs. */
  public static FeatureSchema schema(List<Integer> pitches, List<Integer> programs) {
    return new FeatureSchema(
        List.of(
            FeatureSchema.Feature.categorical(
                "pitch", pitches.stream().map(String::valueOf).toList()),
            FeatureSchema.Feature.categorical(
                "instrument", programs.stream().map(String::valueOf).toList())));
  }

  /** Whether a preset's representation is on a log scale (normalised by mean and std). */
  public static boolean logScale(RepresentationPreset preset) {
    return preset.presetName().contains("log");
  }

  /** Encodes and normalises the items for {@code preset}. */
  public static Prepared prepare(List<SingleNoteSet.Item> items, RepresentationPreset preset) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no notes to train on");
    }
    AudioRepresentation rep = preset.create();
    List<Integer> pitches =
        new ArrayList<>(
            new LinkedHashSet<>(items.stream().map(SingleNoteSet.Item::pitch).toList()));
    List<Integer> programs =
        new ArrayList<>(
            new LinkedHashSet<>(items.stream().map(SingleNoteSet.Item::program).toList()));
    FeatureSchema schema = schema(pitches, programs);
    List<float[][][]> raw = new ArrayList<>(items.size());
    List<float[]> conds = new ArrayList<>(items.size());
    Normalizer.Fitter fitter =
        Normalizer.fitter(
            logScale(preset) ? Normalizer.Mode.MEAN_STD : Normalizer.Mode.MIN_MAX, rep.channels());
    for (SingleNoteSet.Item it : items) {
      float[][][] t = rep.encode(rep.fit(it.clip()));
      raw.add(t);
      fitter.add(t);
      conds.add(condition(schema, it.pitch(), it.program()));
    }
    Normalizer norm = fitter.build();
    List<float[][][]> normalised = new ArrayList<>(raw.size());
    for (float[][][] t : raw) {
      normalised.add(norm.normalize(t));
    }
    List<float[]> grid = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> gridPitches = new ArrayList<>();
    for (int program : programs) {
      for (int pitch : pitches) {
        grid.add(condition(schema, pitch, program));
        labels.add(String.format(Locale.ROOT, "p%03d_i%03d", pitch, program));
        gridPitches.add(pitch);
      }
    }
    return new Prepared(
        GanDataset.of(normalised, conds), norm, schema, preset, grid, labels, gridPitches);
  }

  /** The condition vector of one note. */
  public static float[] condition(FeatureSchema schema, int pitch, int program) {
    return schema.vector(
        Map.of("pitch", String.valueOf(pitch), "instrument", String.valueOf(program)));
  }
}
