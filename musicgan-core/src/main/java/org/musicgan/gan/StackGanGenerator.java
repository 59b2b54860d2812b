package org.musicgan.gan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.representation.AudioRepresentation;
import org.musicgan.audio.representation.Normalizer;
import org.musicgan.audio.representation.RepresentationBridge;
import org.musicgan.datasets.FeatureSchema;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes audio with a trained Stage I StackGAN: condition vector (or a user's choices) and seed in,
 * {@link AudioClip} out. The generator runs in inference mode (batch normalisation with its running
 * statistics), so clip {@code i} of a batch depends only on its condition and {@code (seed, i)}:
 * the same call gives the same clip bit for bit, and {@code generate(c, s)} equals the first clip
 * of {@code generate(List.of(c, ...), s)} up to float rounding (matrix products of other sizes sum
 * in another order).
 *
 * <pre>{@code
 * StackGanGenerator gan = StackGanGenerator.load(Path.of("notes.gan.zip"));
 * AudioClip clip = gan.generate(Map.of("pitch", "60"), 42);
 * }</pre>
 */
public final class StackGanGenerator {
  private final GanBundle.Loaded bundle;

  /** Wraps a loaded bundle. */
  public StackGanGenerator(GanBundle.Loaded bundle) {
    this.bundle = bundle;
  }

  /** Loads a bundle file. */
  public static StackGanGenerator load(Path file) throws IOException {
    return new StackGanGenerator(GanBundle.load(file));
  }

  /** Where the shipped default bundle lives on the class path. */
  public static final String DEFAULT_BUNDLE = "/org/musicgan/gan/default-notes.gan.zip";

  /**
   * Loads the bundle shipped with the library: a small Stage I model of single notes (condition:
   * {@code pitch} 48–60 and {@code instrument} 0, 24, 40, 73), trained on notes rendered from a
   * public-domain SoundFont; provenance in its manifest and in musicgan-core/README.md.
   */
  public static StackGanGenerator loadDefault() throws IOException {
    try (java.io.InputStream in = StackGanGenerator.class.getResourceAsStream(DEFAULT_BUNDLE)) {
      if (in == null) {
        throw new IOException("the default GAN bundle " + DEFAULT_BUNDLE + " is missing");
      }
      return new StackGanGenerator(GanBundle.load(in, DEFAULT_BUNDLE));
    }
  }

  /** The condition vector's features. */
  public FeatureSchema schema() {
    return bundle.schema();
  }

  /** The audio representation the model generates. */
  public AudioRepresentation representation() {
    return bundle.representation();
  }

  /** The bundle's manifest. */
  public GanBundle.Manifest manifest() {
    return bundle.manifest();
  }

  /**
   * One clip for a user's choices (see {@link FeatureSchema#vector}); unset features are neutral.
   */
  public AudioClip generate(Map<String, ?> choices, long seed) {
    return generate(schema().vector(choices), seed);
  }

  /** One clip for a condition vector. */
  public AudioClip generate(float[] condition, long seed) {
    return generate(List.of(condition), seed).get(0);
  }

  /** One clip per condition vector. */
  public List<AudioClip> generate(List<float[]> conditions, long seed) {
    float[][][][] t = tensors(conditions, seed);
    Normalizer norm = bundle.normalizer();
    List<AudioClip> out = new ArrayList<>(t.length);
    for (float[][][] x : t) {
      out.add(representation().decode(norm.denormalize(x)));
    }
    return out;
  }

  /** The generator's raw (normalised, [-1, 1]) tensors, one per condition vector. */
  public float[][][][] tensors(List<float[]> conditions, long seed) {
    return tensors(bundle.trainer(), conditions, seed, schema().entryNames().toString());
  }

  /** A trainer's generator(s) in inference mode: Stage I, or Stage I then Stage II. */
  static float[][][][] tensors(
      StackGanTrainer t, List<float[]> conditions, long seed, String entries) {
    return tensors(
        t.stageII() ? t.stageIGenerator() : t.generator(),
        t.stageII() ? t.generator() : null,
        t.stageIBridge(),
        t.config(),
        conditions,
        seed,
        entries);
  }

  /**
   * Runs a Stage I generator in inference mode with noise drawn from {@code (seed, i)}, and the
   * Stage II generator {@code stageII} on its output when it is not null (its own eps drawn after
   * the Stage I noise; with {@code stageIBridge} also the output carried onto its grid).
   */
  static float[][][][] tensors(
      org.deeplearning4j.nn.graph.ComputationGraph generator,
      org.deeplearning4j.nn.graph.ComputationGraph stageII,
      RepresentationBridge stageIBridge,
      StackGanConfig cfg,
      List<float[]> conditions,
      long seed,
      String entries) {
    int b = conditions.size();
    float[] eps2 = new float[b * cfg.cDim()];
    float[] c = new float[b * cfg.conditionSize()];
    float[] z = new float[b * cfg.zDim()];
    float[] eps = new float[b * cfg.cDim()];
    for (int i = 0; i < b; i++) {
      float[] ci = conditions.get(i);
      if (ci.length != cfg.conditionSize()) {
        throw new IllegalArgumentException(
            "condition "
                + i
                + " has "
                + ci.length
                + " entries, the model takes "
                + cfg.conditionSize()
                + " "
                + entries);
      }
      System.arraycopy(ci, 0, c, i * cfg.conditionSize(), ci.length);
      Random r = new Random(StackGanTrainer.mix(seed, i));
      for (int k = 0; k < cfg.zDim(); k++) {
        z[i * cfg.zDim() + k] = (float) r.nextGaussian();
      }
      for (int k = 0; k < cfg.cDim(); k++) {
        eps[i * cfg.cDim() + k] = (float) r.nextGaussian();
      }
      for (int k = 0; k < cfg.cDim(); k++) {
        eps2[i * cfg.cDim() + k] = (float) r.nextGaussian();
      }
    }
    DataType dt = generator.params().dataType();
    INDArray cond = Nd4j.create(c, new long[] {b, cfg.conditionSize()}, DataType.FLOAT).castTo(dt);
    INDArray img =
        generator
            .output(
                false,
                cond,
                Nd4j.create(z, new long[] {b, cfg.zDim()}, DataType.FLOAT).castTo(dt),
                Nd4j.create(eps, new long[] {b, cfg.cDim()}, DataType.FLOAT).castTo(dt))[0];
    if (stageII != null) {
      INDArray e2 = Nd4j.create(eps2, new long[] {b, cfg.cDim()}, DataType.FLOAT).castTo(dt);
      img =
          stageIBridge == null
              ? stageII.output(false, cond, img, e2)[0]
              : stageII.output(false, cond, img, e2, StackGanTrainer.aligned(stageIBridge, img))[0];
    }
    return unpack(img);
  }

  /** A [b, C, H, W] array as {@code float[b][C][H][W]}. */
  static float[][][][] unpack(INDArray batch) {
    int b = (int) batch.size(0);
    int ch = (int) batch.size(1);
    int h = (int) batch.size(2);
    int w = (int) batch.size(3);
    float[] flat = batch.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[][][][] out = new float[b][ch][h][w];
    int o = 0;
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < ch; k++) {
        for (int y = 0; y < h; y++) {
          System.arraycopy(flat, o, out[i][k][y], 0, w);
          o += w;
        }
      }
    }
    return out;
  }
}
