package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.musicgan.melody.rnn.MelodyBundle;
import org.musicgan.melody.rnn.MelodyRnnModel;
import org.musicgan.melody.rnn.MelodyRnnPipeline;

/**
 * Evaluates a melody bundle on the held-out split of a MIDI folder (the same file-name-hash split
 * training uses): per-event log-likelihood, perplexity and next-event accuracy.
 *
 * <pre>
 * java -cp examples/target/musicgan-examples.jar org.musicgan.examples.EvaluateMelodyRnn \
 *     --model lookback.zip --midi ../shared/data/nottingham/melody [--all]
 * </pre>
 *
 * {@code --all} evaluates every melody of the folder instead of the held-out 10%.
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

  /** Runs the evaluation. */
  public static MelodyRnnModel.Metrics runExample(String[] args) throws IOException {
    Path model = null;
    Path midi = null;
    boolean all = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[++i]);
        case "--midi" -> midi = Path.of(args[++i]);
        case "--all" -> all = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (model == null || midi == null) {
      throw new IllegalArgumentException("--model BUNDLE and --midi FOLDER are required");
    }
    MelodyBundle.Loaded loaded = MelodyBundle.load(model);
    MelodyRnnPipeline.Result data =
        new MelodyRnnPipeline(loaded.model().config(), all ? 0.0 : 0.1).run(midi);
    return loaded.model().evaluate(all ? data.train() : data.eval(), 32);
  }
}
