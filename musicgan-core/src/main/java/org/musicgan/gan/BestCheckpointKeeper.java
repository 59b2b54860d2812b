package org.musicgan.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.musicgan.audio.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every checkpoint as training goes and keeps a copy of the best one: the recipe the
 * Stage II runs of musicgan-core/README.md arrived at by hand (their best checkpoint came early,
 * and later ones lost the pitch).
 *
 * <p>Put it after the {@link GanCheckpointer} that writes {@code checkpoint}, with the same {@code
 * every}: at each of those steps, and at the end, it loads the checkpoint just written, evaluates
 * it, rewrites {@code evaluation.csv} beside {@code best} (step, pitch accuracy, Fréchet distance,
 * whether it is the best so far) and, when it is better than the best so far, copies it to {@code
 * best}. Better means a higher pitch accuracy, or the same accuracy at a lower Fréchet distance.
 * Every file is replaced atomically. A resumed run reads the CSV back, so the best of the earlier
 * run is kept unless a later checkpoint beats it.
 */
public final class BestCheckpointKeeper implements StackGanTrainer.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(BestCheckpointKeeper.class);
  static final String HEADER = "step,pitch_accuracy,frechet_distance,best";

  /** Evaluates a generator (e.g. {@link GanEvaluation#evaluate} on a single-note set). */
  @FunctionalInterface
  public interface Evaluator {
    /** The evaluation of {@code generator}. */
    GanEvaluation.Result evaluate(StackGanGenerator generator);
  }

  /**
   * One evaluated checkpoint.
   *
   * @param step training steps done
   * @param pitchAccuracy its pitch accuracy
   * @param frechetDistance its Fréchet distance
   * @param best whether it was the best when it was evaluated
   */
  public record Row(long step, double pitchAccuracy, double frechetDistance, boolean best) {}

  private final Path checkpoint;
  private final Path best;
  private final Path csv;
  private final int every;
  private final Evaluator evaluator;
  private final List<Row> rows = new ArrayList<>();
  private Row top;
  private long lastEvaluated = -1;

  /**
   * Creates the keeper.
   *
   * @param checkpoint the bundle a {@link GanCheckpointer} writes
   * @param best where the best checkpoint is copied
   * @param every evaluate every this many steps (the checkpointer's)
   * @param evaluator how a checkpoint is scored
   * @throws IOException if an existing {@code evaluation.csv} cannot be read
   * @throws IllegalArgumentException if it is not one this class wrote
   */
  public BestCheckpointKeeper(Path checkpoint, Path best, int every, Evaluator evaluator)
      throws IOException {
    this.checkpoint = checkpoint;
    this.best = best;
    this.csv = best.resolveSibling("evaluation.csv");
    this.every = Math.max(1, every);
    this.evaluator = evaluator;
    if (Files.exists(csv) && Files.exists(best)) {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
        throw new IllegalArgumentException(csv + ": not an evaluation log (header " + HEADER + ")");
      }
      for (int i = 1; i < lines.size(); i++) {
        String[] f = lines.get(i).split(",");
        try {
          Row r =
              new Row(
                  Long.parseLong(f[0]),
                  Double.parseDouble(f[1]),
                  Double.parseDouble(f[2]),
                  Boolean.parseBoolean(f[3]));
          rows.add(r);
          if (r.best()) {
            top = r;
          }
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              csv + " line " + (i + 1) + ": not step,accuracy,distance,best: " + lines.get(i), e);
        }
      }
    }
  }

  /** The checkpoints evaluated so far, in order. */
  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The best so far, or null before the first evaluation. */
  public Row best() {
    return top;
  }

  @Override
  public void onStep(StackGanTrainer trainer, StepStats s) {
    if ((s.step() + 1) % every == 0) {
      evaluate(trainer.steps());
    }
  }

  @Override
  public void onEnd(StackGanTrainer trainer) {
    evaluate(trainer.steps());
  }

  private void evaluate(long step) {
    if (step == lastEvaluated) {
      return;
    }
    lastEvaluated = step;
    try {
      GanEvaluation.Result r = evaluator.evaluate(StackGanGenerator.load(checkpoint));
      boolean better =
          top == null
              || r.pitchAccuracy() > top.pitchAccuracy()
              || (r.pitchAccuracy() == top.pitchAccuracy()
                  && r.frechetDistance() < top.frechetDistance());
      Row row = new Row(step, r.pitchAccuracy(), r.frechetDistance(), better);
      if (better) {
        AtomicFiles.write(best, Files.readAllBytes(checkpoint));
        top = row;
      }
      rows.add(row);
      StringBuilder text = new StringBuilder(HEADER).append('\n');
      for (Row x : rows) {
        text.append(
            String.format(
                Locale.ROOT,
                "%d,%s,%s,%s%n",
                x.step(),
                Double.toString(x.pitchAccuracy()),
                Double.toString(x.frechetDistance()),
                x.best()));
      }
      AtomicFiles.write(csv, text.toString().getBytes(StandardCharsets.UTF_8));
      LOG.info(
          "step {}: pitch accuracy {}, Fréchet distance {}{}",
          step,
          String.format(Locale.ROOT, "%.3f", r.pitchAccuracy()),
          String.format(Locale.ROOT, "%.1f", r.frechetDistance()),
          better ? " (best so far: " + best + ")" : " (best: step " + top.step() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
