package org.musicgan.gan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AtomicFiles;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.FeatureSchema;
import org.musicgan.datasets.batch.AudioExample;
import org.musicgan.datasets.batch.TensorCache;

/**
 * A dataset prepared for GAN training on disk: any list of {@link AudioExample}s (MusicNet or FMA
 * windows, a MIDI collection rendered to audio) encoded once with a representation preset.
 *
 * <p>Layout of the folder: {@code manifest.json} (format, preset, source, example count, feature
 * schema), {@code examples.csv} (key and condition vector per example), {@code normalizer.txt}
 * (fitted over all examples: mean/std for log representations, min/max otherwise) and {@code
 * tensors/} (a {@link TensorCache}: one float32 file per example). Every file is written
 * atomically; {@link #load} needs nothing but the folder.
 */
public final class PreparedGanData {
  /** The manifest's format tag. */
  public static final String FORMAT = "musicgan-prepared-1";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private PreparedGanData() {}

  /**
   * What a prepared folder holds.
   *
   * @param format {@link #FORMAT}
   * @param preset the representation preset name
   * @param source where the examples came from (free text)
   * @param examples number of examples
   * @param schema the condition features
   */
  public record Manifest(
      String format,
      String preset,
      String source,
      int examples,
      List<FeatureSchema.Feature> schema) {}

  /**
   * Encodes {@code examples} into {@code folder} (created if needed; an existing tensor cache is
   * reused, so an interrupted preparation continues where it stopped).
   *
   * @param progress told the number of examples done after each one (may be null)
   */
  public static Manifest write(
      Path folder,
      List<AudioExample> examples,
      RepresentationPreset preset,
      FeatureSchema schema,
      String source,
      java.util.function.IntConsumer progress)
      throws IOException {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no examples to prepare");
    }
    if (preset.stageII()) {
      throw new IllegalArgumentException("prepare Stage I presets only, found " + preset);
    }
    AudioRepresentation rep = preset.create();
    Files.createDirectories(folder.resolve("tensors"));
    TensorCache cache = new TensorCache(folder.resolve("tensors"), rep);
    Normalizer.Fitter fitter =
        Normalizer.fitter(
            NoteGanData.logScale(preset) ? Normalizer.Mode.MEAN_STD : Normalizer.Mode.MIN_MAX,
            rep.channels());
    StringBuilder csv = new StringBuilder("key");
    for (int i = 0; i < schema.size(); i++) {
      csv.append(",c").append(i);
    }
    csv.append('\n');
    Set<String> keys = new LinkedHashSet<>();
    int done = 0;
    for (AudioExample e : examples) {
      if (e.key().contains(",") || e.key().contains("\n") || !keys.add(e.key())) {
        throw new IllegalArgumentException("example keys must be unique and CSV-safe: " + e.key());
      }
      float[] c = e.condition();
      if (c.length != schema.size()) {
        throw new IllegalArgumentException(
            e.key() + ": condition of " + c.length + " entries, the schema has " + schema.size());
      }
      fitter.add(cache.get(e));
      csv.append(e.key());
      for (float v : c) {
        csv.append(',').append(String.format(Locale.ROOT, "%.9g", v));
      }
      csv.append('\n');
      done++;
      if (progress != null) {
        progress.accept(done);
      }
    }
    Normalizer norm = fitter.build();
    AtomicFiles.write(folder.resolve("normalizer.txt"), norm::write);
    AtomicFiles.write(
        folder.resolve("examples.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    Manifest m = new Manifest(FORMAT, preset.presetName(), source, done, schema.features());
    AtomicFiles.write(folder.resolve("manifest.json"), JSON.writeValueAsBytes(m));
    return m;
  }

  /**
   * Loads a prepared folder as normalised training data. The sample grid is the first eight
   * distinct conditions, labelled {@code c00}, {@code c01}, ….
   *
   * @throws IOException naming the file and the problem when the folder is incomplete or corrupt
   */
  public static NoteGanData.Prepared load(Path folder) throws IOException {
    Path manifestFile = folder.resolve("manifest.json");
    Manifest m;
    try {
      m = JSON.readValue(Files.readAllBytes(manifestFile), Manifest.class);
    } catch (IOException e) {
      throw new IOException(
          manifestFile + ": not a prepared-dataset manifest (" + e.getMessage() + ")", e);
    }
    if (!FORMAT.equals(m.format()) || m.schema() == null || m.preset() == null) {
      throw new IOException(manifestFile + ": format must be " + FORMAT + ", found " + m.format());
    }
    RepresentationPreset preset;
    FeatureSchema schema;
    try {
      preset = RepresentationPreset.byName(m.preset());
      schema = new FeatureSchema(m.schema());
    } catch (IllegalArgumentException e) {
      throw new IOException(manifestFile + ": " + e.getMessage(), e);
    }
    Path normFile = folder.resolve("normalizer.txt");
    Normalizer norm;
    try (InputStream in = Files.newInputStream(normFile)) {
      norm = Normalizer.read(in, normFile.toString());
    }
    AudioRepresentation rep = preset.create();
    TensorCache cache = new TensorCache(folder.resolve("tensors"), rep);
    Path csvFile = folder.resolve("examples.csv");
    List<String> lines = Files.readAllLines(csvFile, StandardCharsets.UTF_8);
    List<float[][][]> tensors = new ArrayList<>();
    List<float[]> conds = new ArrayList<>();
    List<float[]> grid = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != schema.size() + 1) {
        throw new IOException(
            csvFile
                + " line "
                + (i + 1)
                + ": "
                + (f.length - 1)
                + " condition entries, the schema has "
                + schema.size());
      }
      float[] c = new float[schema.size()];
      try {
        for (int k = 0; k < c.length; k++) {
          c[k] = Float.parseFloat(f[k + 1]);
        }
      } catch (NumberFormatException e) {
        throw new IOException(
            csvFile + " line " + (i + 1) + ": not a number (" + e.getMessage() + ")", e);
      }
      String key = f[0];
      float[][][] t = cache.get(missing(f[0], c, folder));
      tensors.add(norm.normalize(t));
      conds.add(c);
      String id = java.util.Arrays.toString(c);
      if (grid.size() < 8 && seen.add(id)) {
        grid.add(c);
        labels.add(String.format(Locale.ROOT, "c%02d", grid.size() - 1));
      }
    }
    if (tensors.size() != m.examples()) {
      throw new IOException(
          csvFile + ": " + tensors.size() + " examples, the manifest says " + m.examples());
    }
    return new NoteGanData.Prepared(
        GanDataset.of(tensors, conds), norm, schema, preset, grid, labels, List.of());
  }

  /** An example whose audio cannot be loaded: its tensor must already be in the cache. */
  private static AudioExample missing(String key, float[] condition, Path folder) {
    return new AudioExample() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public float[] condition() {
        return condition.clone();
      }

      @Override
      public AudioClip load() throws IOException {
        throw new IOException(
            folder.resolve("tensors")
                + ": no tensor for example "
                + key
                + " (incomplete preparation?)");
      }
    };
  }
}
