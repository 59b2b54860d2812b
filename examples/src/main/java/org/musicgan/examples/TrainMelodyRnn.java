package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.musicgan.melody.rnn.LossPlotListener;
import org.musicgan.melody.rnn.MelodyBundle;
import org.musicgan.melody.rnn.MelodyRnnConfig;
import org.musicgan.melody.rnn.MelodyRnnModel;
import org.musicgan.melody.rnn.MelodyRnnPipeline;
import org.musicgan.melody.rnn.MelodyRnnTrainer;

/**
 * Trains a melody RNN on a folder of MIDI files and writes a bundle after every epoch; {@code
 * --resume} continues from an existing bundle; {@code --transpose} adds transposed copies of the
 * training melodies (Magenta's transposition augmentation). Progress goes to {@code <out>-loss.csv}
 * and {@code <out>-loss.png} beside the bundle.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp examples/target/musicgan-examples.jar \
 *     org.musicgan.examples.TrainMelodyRnn --config lookback_rnn \
 *     --midi ../shared/data/nottingham/melody --epochs 20 --out lookback.zip [--resume]
 *     [--corpus "..."] [--license GPL-3.0] [--batch 32] [--transpose -2,0,2]
 * </pre>
 */
public final class TrainMelodyRnn {
  private TrainMelodyRnn() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    try {
      MelodyBundle.Provenance p = runExample(args);
      System.out.printf(
          "Trained %s: %d steps, %d epochs, eval perplexity %.3f, accuracy %.3f%n",
          p.corpus(), p.steps(), p.epochs(), p.evalPerplexity(), p.evalAccuracy());
    } catch (IllegalArgumentException e) {
      System.err.println("train-melody: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs training as the options say; returns the final provenance. */
  public static MelodyBundle.Provenance runExample(String[] args) throws IOException {
    return runExample(args, (done, total, loss) -> {});
  }

  /** Told the steps done, the steps planned and the last training loss after every step. */
  @FunctionalInterface
  public interface Progress {
    /** After each step. */
    void onStep(long done, long total, double loss);
  }

  /** Runs training as the options say, reporting every step to {@code progress}. */
  public static MelodyBundle.Provenance runExample(String[] args, Progress progress)
      throws IOException {
    String config = "lookback_rnn";
    Path midi = null;
    Path out = Path.of("melody.zip");
    int epochs = 10;
    boolean resume = false;
    String corpus = null;
    String license = "unknown";
    int batch = 0;
    int[] transpositions = {0};
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> config = args[++i];
        case "--midi" -> midi = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--corpus" -> corpus = args[++i];
        case "--license" -> license = args[++i];
        case "--resume" -> resume = true;
        case "--transpose" ->
            transpositions =
                java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (midi == null) {
      throw new IllegalArgumentException("--midi FOLDER is required");
    }
    MelodyRnnConfig cfg = MelodyRnnConfig.byName(config);
    if (batch > 0) {
      cfg = cfg.withTraining(batch, cfg.rnnLayerSizes());
    }
    MelodyRnnPipeline.Result data = new MelodyRnnPipeline(cfg, 0.1, transpositions).run(midi);
    MelodyRnnModel model;
    long steps = 0;
    int done = 0;
    if (resume && Files.exists(out)) {
      MelodyBundle.Loaded loaded = MelodyBundle.load(out);
      model = loaded.model();
      steps = loaded.provenance().steps();
      done = loaded.provenance().epochs();
    } else {
      model = MelodyRnnModel.create(cfg, 42);
    }
    String name = corpus != null ? corpus : midi.getFileName().toString();
    MelodyRnnTrainer.Plan plan =
        new MelodyRnnTrainer.Plan(data.train(), data.eval(), name, license, epochs, 42, out);
    String stem = out.getFileName().toString().replaceFirst("\\.zip$", "");
    LossPlotListener plot = new LossPlotListener(out.resolveSibling(stem + "-loss"));
    int batchSize = cfg.batchSize();
    long total = steps + (long) epochs * ((data.train().size() + batchSize - 1) / batchSize);
    return MelodyRnnTrainer.train(
        model,
        plan,
        steps,
        done,
        new MelodyRnnTrainer.Listener() {
          @Override
          public void onStep(long step, double loss) {
            plot.onStep(step, loss);
            progress.onStep(step, total, loss);
          }

          @Override
          public void onEpoch(int epoch, long at, MelodyRnnModel.Metrics eval) {
            plot.onEpoch(epoch, at, eval);
          }
        });
  }
}
