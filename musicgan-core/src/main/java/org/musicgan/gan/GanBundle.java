package org.musicgan.gan;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.musicgan.audio.io.AtomicFiles;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationBridge;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.FeatureSchema;

/**
 * A trained StackGAN stage in one file: a zip holding {@code manifest.json} (stage, sizes, training
 * options, seed, steps taken, representation preset, feature schema, provenance), both networks
 * with their Adam state ({@code generator.bin}, {@code discriminator.bin}, DL4J's format), the
 * representation's {@code normalizer.txt}, and for Stage II the frozen Stage I generator ({@code
 * stage1-generator.bin}; with {@link StackGanConfig#alignedStageI()} also its Stage I normaliser,
 * {@code stage1-normalizer.txt}, from which the Stage I bridge is rebuilt). Written atomically;
 * {@link Loaded#trainer()} resumes training with exactly the step the original run would have taken
 * next.
 */
public final class GanBundle {
  /** The format tag in every manifest. */
  public static final String FORMAT = "musicgan-gan-bundle-1";

  /** The frozen Stage I generator inside a Stage II bundle. */
  static final String STAGE_I_GENERATOR = "stage1-generator.bin";

  static final String STAGE_I_NORMALIZER = "stage1-normalizer.txt";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

  private GanBundle() {}

  /**
   * Where a model came from and how good it is.
   *
   * @param corpus training data description
   * @param license license of the training data
   * @param metrics named measurements (pitch accuracy, Fréchet distance...)
   * @param musicganVersion library version that wrote it
   * @param created ISO-8601 time of writing
   */
  public record Provenance(
      String corpus,
      String license,
      Map<String, Double> metrics,
      String musicganVersion,
      String created) {
    /** Copies the metrics. */
    public Provenance {
      metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A provenance stamped now with this library's version. */
    public static Provenance of(String corpus, String license, Map<String, Double> metrics) {
      String v = GanBundle.class.getPackage().getImplementationVersion();
      return new Provenance(
          corpus, license, metrics, v == null ? "dev" : v, Instant.now().toString());
    }
  }

  /**
   * Everything but the networks.
   *
   * @param format {@link #FORMAT}
   * @param stage {@code "stage-i"}
   * @param preset the representation preset's name ({@link RepresentationPreset#presetName()})
   * @param config network sizes
   * @param options training options
   * @param seed the run's seed
   * @param steps steps taken
   * @param schema the condition vector's features
   * @param provenance data, license, metrics
   */
  public record Manifest(
      String format,
      String stage,
      String preset,
      StackGanConfig config,
      GanTrainingOptions options,
      long seed,
      long steps,
      List<FeatureSchema.Feature> schema,
      Provenance provenance) {}

  /**
   * A loaded bundle.
   *
   * @param manifest the manifest
   * @param trainer the networks, ready to generate or to train on
   * @param normalizer maps tensors to [-1, 1] and back
   * @param schema the condition vector's features
   * @param representation the audio representation of the preset
   */
  public record Loaded(
      Manifest manifest,
      StackGanTrainer trainer,
      Normalizer normalizer,
      FeatureSchema schema,
      AudioRepresentation representation) {}

  /** Writes a trainer's state with its data description to {@code file}, atomically. */
  public static void save(
      Path file,
      StackGanTrainer trainer,
      RepresentationPreset preset,
      Normalizer normalizer,
      FeatureSchema schema,
      Provenance provenance)
      throws IOException {
    if (schema.size() != trainer.config().conditionSize()) {
      throw new IllegalArgumentException(
          "schema has "
              + schema.size()
              + " entries, the networks take "
              + trainer.config().conditionSize());
    }
    if (normalizer.channels() != trainer.config().channels()) {
      throw new IllegalArgumentException(
          "normalizer has "
              + normalizer.channels()
              + " channels, the networks "
              + trainer.config().channels());
    }
    if (preset.stageII() != trainer.stageII()) {
      throw new IllegalArgumentException(
          "a "
              + (trainer.stageII() ? "Stage II" : "Stage I")
              + " trainer needs a preset of its stage, found "
              + preset.presetName());
    }
    Manifest m =
        new Manifest(
            FORMAT,
            trainer.stageII() ? "stage-ii" : "stage-i",
            preset.presetName(),
            trainer.config(),
            trainer.options(),
            trainer.seed(),
            trainer.steps(),
            schema.features(),
            provenance);
    byte[] g = serialize(trainer.generator());
    byte[] d = serialize(trainer.discriminator());
    byte[] g1 = trainer.stageII() ? serialize(trainer.stageIGenerator()) : null;
    ByteArrayOutputStream norm = new ByteArrayOutputStream();
    normalizer.write(norm);
    RepresentationBridge bridge = trainer.stageIBridge();
    ByteArrayOutputStream norm1 = new ByteArrayOutputStream();
    if (bridge != null) {
      if (!bridge.to().name().equals(preset.presetName())
          || !bridge.from().name().equals(preset.otherStage().presetName())) {
        throw new IllegalArgumentException(
            "the Stage I bridge goes from "
                + bridge.from().name()
                + " to "
                + bridge.to().name()
                + ", the bundle's preset is "
                + preset.presetName());
      }
      bridge.fromNormalizer().write(norm1);
    }
    AtomicFiles.write(
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          put(zip, "manifest.json", JSON.writeValueAsBytes(m));
          put(zip, "generator.bin", g);
          put(zip, "discriminator.bin", d);
          put(zip, "normalizer.txt", norm.toByteArray());
          if (g1 != null) {
            put(zip, STAGE_I_GENERATOR, g1);
          }
          if (bridge != null) {
            put(zip, STAGE_I_NORMALIZER, norm1.toByteArray());
          }
          zip.finish();
        });
  }

  private static byte[] serialize(ComputationGraph net) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelSerializer.writeModel(net, out, true);
    return out.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Loads a bundle from a file. */
  public static Loaded load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    }
  }

  /**
   * Loads a bundle from a stream.
   *
   * @param source a name for error messages
   * @throws IOException naming the source and the missing or bad part
   */
  public static Loaded load(InputStream in, String source) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(source + ": not a GAN bundle (" + e.getMessage() + ")", e);
    }
    for (String part :
        new String[] {"manifest.json", "generator.bin", "discriminator.bin", "normalizer.txt"}) {
      if (!entries.containsKey(part)) {
        throw new IOException(source + ": not a GAN bundle (no " + part + ")");
      }
    }
    Manifest m;
    try {
      m = JSON.readValue(entries.get("manifest.json"), Manifest.class);
    } catch (IOException | RuntimeException e) {
      throw new IOException(source + ": bad manifest.json (" + e.getMessage() + ")", e);
    }
    if (!FORMAT.equals(m.format())) {
      throw new IOException(source + ": unknown bundle format " + m.format());
    }
    boolean stageII = "stage-ii".equals(m.stage());
    if (!stageII && !"stage-i".equals(m.stage())) {
      throw new IOException(source + ": unsupported stage " + m.stage());
    }
    if (stageII && !entries.containsKey(STAGE_I_GENERATOR)) {
      throw new IOException(source + ": a Stage II bundle needs " + STAGE_I_GENERATOR);
    }
    try {
      RepresentationPreset preset = RepresentationPreset.byName(m.preset());
      FeatureSchema schema = new FeatureSchema(m.schema());
      GanGraph g = GanGraph.of(restore(entries.get("generator.bin")));
      GanGraph d = GanGraph.of(restore(entries.get("discriminator.bin")));
      Normalizer norm =
          Normalizer.read(
              new ByteArrayInputStream(entries.get("normalizer.txt")), source + "!normalizer.txt");
      AudioRepresentation rep = preset.create();
      if (rep.channels() != m.config().channels() || schema.size() != m.config().conditionSize()) {
        throw new IOException(
            source + ": manifest disagrees with itself (preset channels / schema size)");
      }
      if (preset.stageII() != stageII) {
        throw new IOException(source + ": stage " + m.stage() + " with preset " + m.preset());
      }
      RepresentationBridge bridge = null;
      if (stageII && m.config().alignedStageI()) {
        byte[] n1 = entries.get(STAGE_I_NORMALIZER);
        if (n1 == null) {
          throw new IOException(
              source + ": a Stage II bundle with alignedStageI needs " + STAGE_I_NORMALIZER);
        }
        bridge =
            new RepresentationBridge(
                preset.otherStage().create(),
                Normalizer.read(new ByteArrayInputStream(n1), source + "!" + STAGE_I_NORMALIZER),
                rep,
                norm,
                m.config().stageIHarmonics(),
                m.config().stageIRephase());
      }
      StackGanTrainer t =
          new StackGanTrainer(
              m.config(),
              m.options(),
              m.seed(),
              g,
              d,
              m.steps(),
              stageII ? restore(entries.get(STAGE_I_GENERATOR)) : null,
              bridge);
      return new Loaded(m, t, norm, schema, rep);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException(source + ": corrupt GAN bundle (" + e.getMessage() + ")", e);
    }
  }

  private static ComputationGraph restore(byte[] bytes) throws IOException {
    return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true);
  }
}
