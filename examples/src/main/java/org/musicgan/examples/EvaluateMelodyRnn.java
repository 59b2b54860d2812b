package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.musicgan.melody.events.Melody;
import org.musicgan.melody.events.MelodyStatistics;
import org.musicgan.melody.rnn.MelodyBundle;
import org.musicgan.melody.rnn.MelodyGenerator;
import org.musicgan.melody.rnn.MelodyRnnModel;
import org.musicgan.melody.rnn.MelodyRnnPipeline;

/**
 * Evaluates a melody bundle on the held-out split of a MIDI folder (the same file-name-hash split
 * training uses): per-event log-likelihood, perplexity and next-event accuracy.
 *
 * <pre>
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.EvaluateMelodyRnn \
 *     --model lookback.zip --midi ../shared/data/nottingham/melody [--all] [--samples 20]
 * </pre>
 *
 * {@code --all} evaluates every melody of the folder instead of the held-out 10%; {@code --samples
 * N} also prints the bar repetition of N generated melodies beside that of the held-out ones.
 */
public final class EvaluateMelodyRnn {
  private EvaluateMelodyRnn() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    try {
      MelodyRnnModel.Metrics m = runExample(args);
      System.out.printf(
          "%d events: log-likelihood per event %.4f, perplexity %.3f, accuracy %.4f%n",
          m.steps(), -m.loss(), m.perplexity(), m.accuracy());
    } catch (IllegalArgumentException e) {
      System.err.println("evaluate: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Bar repetition (how often a bar repeats the bar one or two bars back) of {@code samples}
   * melodies of 128 steps generated from the Twinkle primer, next to the same measure on the first
   * 128 steps of the held-out melodies.
   *
   * @return {generated, held-out}
   */
  public static double[] barRepetition(Path model, Path midi, int samples) throws IOException {
    MelodyBundle.Loaded loaded = MelodyBundle.load(model);
    MelodyRnnPipeline.Result data = new MelodyRnnPipeline(loaded.model().config(), 0.1).run(midi);
    MelodyGenerator g = MelodyGenerator.of(loaded.model(), loaded.provenance());
    List<Melody> generated = new ArrayList<>();
    for (int seed = 0; seed < samples; seed++) {
      generated.add(g.generate(MelodyGenerator.Request.defaults().withSeed(seed)).melody());
    }
    List<Melody> heldOut = new ArrayList<>();
    for (Melody m : data.eval()) {
      Melody c = m.copy();
      c.setLength(Math.min(128, c.length()));
      heldOut.add(c);
    }
    return new double[] {
      MelodyStatistics.meanBarRepetition(generated), MelodyStatistics.meanBarRepetition(heldOut)
    };
  }

  /** Runs the evaluation. */
  public static MelodyRnnModel.Metrics runExample(String[] args) throws IOException {
    Path model = null;
    Path midi = null;
    boolean all = false;
    int samples = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[++i]);
        case "--midi" -> midi = Path.of(args[++i]);
        case "--all" -> all = true;
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (model == null || midi == null) {
      throw new IllegalArgumentException("--model BUNDLE and --midi FOLDER are required");
    }
    if (samples > 0) {
      double[] r = barRepetition(model, midi, samples);
      System.out.printf(
          "bar repetition: %.3f in %d generated melodies, %.3f in the held-out melodies%n",
          r[0], samples, r[1]);
    }
    MelodyBundle.Loaded loaded = MelodyBundle.load(model);
    MelodyRnnPipeline.Result data =
        new MelodyRnnPipeline(loaded.model().config(), all ? 0.0 : 0.1).run(midi);
    return loaded.model().evaluate(all ? data.train() : data.eval(), 32);
  }
}
