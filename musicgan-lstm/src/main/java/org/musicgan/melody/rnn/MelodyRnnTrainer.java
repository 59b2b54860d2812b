package org.musicgan.melody.rnn;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.musicgan.melody.events.Melody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: shuffled batches of the config's size, one step each, held-out metrics (loss,
 * accuracy, perplexity) after every epoch, and a bundle checkpoint after every epoch.
 */
public final class MelodyRnnTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(MelodyRnnTrainer.class);

  /** Receives progress. */
  public interface Listener {
    /** Called after every step with its training loss. */
    default void onStep(long step, double loss) {}

    /** Called after every epoch with the held-out metrics. */
    default void onEpoch(int epoch, long steps, MelodyRnnModel.Metrics eval) {}
  }

  /**
   * What to train on and how long.
   *
   * @param train training melodies (squashed)
   * @param eval held-out melodies
   * @param corpus description of the data, for the provenance
   * @param license the data's license, for the provenance
   * @param epochs epochs to run
   * @param seed shuffling seed
   * @param checkpoint bundle file written after each epoch (null for none)
   */
  public record Plan(
      List<Melody> train,
      List<Melody> eval,
      String corpus,
      String license,
      int epochs,
      long seed,
      Path checkpoint) {}

  private MelodyRnnTrainer() {}

  /** Runs the plan; returns the provenance of the final model. */
  public static MelodyBundle.Provenance train(
      MelodyRnnModel model, Plan plan, long stepsAlready, int epochsAlready, Listener listener)
      throws IOException {
    org.musicgan.audio.dsp.NativeThreads.adviseOnce();
    List<Melody> data = new ArrayList<>(plan.train());
    Random rng = new Random(plan.seed() + epochsAlready);
    int batchSize = model.config().batchSize();
    long step = stepsAlready;
    MelodyBundle.Provenance provenance = null;
    for (int epoch = epochsAlready + 1; epoch <= epochsAlready + plan.epochs(); epoch++) {
      long started = System.nanoTime();
      Collections.shuffle(data, rng);
      double sum = 0;
      int batches = 0;
      for (int from = 0; from < data.size(); from += batchSize) {
        double loss =
            model.fit(model.batch(data.subList(from, Math.min(data.size(), from + batchSize))));
        step++;
        sum += loss;
        batches++;
        listener.onStep(step, loss);
      }
      MelodyRnnModel.Metrics m = model.evaluate(plan.eval(), batchSize);
      LOG.info(
          "epoch {} step {} ({} s): train loss {} | eval loss {} accuracy {} perplexity {}",
          epoch,
          step,
          (System.nanoTime() - started) / 1_000_000_000L,
          String.format("%.4f", sum / Math.max(1, batches)),
          String.format("%.4f", m.loss()),
          String.format("%.4f", m.accuracy()),
          String.format("%.3f", m.perplexity()));
      listener.onEpoch(epoch, step, m);
      provenance = provenance(plan, step, epoch, m);
      if (plan.checkpoint() != null) {
        MelodyBundle.save(model, provenance, plan.checkpoint());
      }
    }
    return provenance;
  }

  static MelodyBundle.Provenance provenance(
      Plan plan, long steps, int epochs, MelodyRnnModel.Metrics m) {
    String version = MelodyRnnTrainer.class.getPackage().getImplementationVersion();
    return new MelodyBundle.Provenance(
        MelodyBundle.FORMAT,
        plan.corpus(),
        plan.license(),
        plan.train().size(),
        plan.eval().size(),
        steps,
        epochs,
        m.loss(),
        m.accuracy(),
        m.perplexity(),
        plan.seed(),
        version == null ? "0.1.0-SNAPSHOT" : version,
        System.getProperty("java.version")
            + " "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch"),
        Instant.now().toString());
  }
}
