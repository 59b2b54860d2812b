package org.musicgan.gan;

import java.util.Locale;

/** Logs training progress through SLF4J every {@code every} steps: steps/s and the losses. */
public final class GanProgressLogger implements StackGanTrainer.Listener {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(GanProgressLogger.class);
  private final int every;
  private final long total;
  private long lastTime = System.nanoTime();
  private long lastStep = -1;

  /**
   * Creates the logger.
   *
   * @param every log every this many steps
   * @param total the run's final step (for "step x/total"), or 0 if unknown
   */
  public GanProgressLogger(int every, long total) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be >= 1");
    }
    this.every = every;
    this.total = total;
  }

  @Override
  public void onStep(StackGanTrainer trainer, StepStats s) {
    if (lastStep < 0) {
      lastStep = s.step();
    }
    if ((s.step() + 1) % every != 0) {
      return;
    }
    long now = System.nanoTime();
    double rate = (s.step() - lastStep) / ((now - lastTime) / 1e9);
    lastTime = now;
    lastStep = s.step();
    LOG.info(
        String.format(
            Locale.ROOT,
            "step %d%s  %.2f steps/s  D %.4f (real %.3f wrong %.3f fake %.3f)  G %.4f  KL %.4f"
                + "  P(real) %.2f P(fake) %.2f  |dG| %.2e  lr %.1e%s%s",
            s.step() + 1,
            total > 0 ? "/" + total : "",
            rate,
            s.dLoss(),
            s.dReal(),
            s.dWrong(),
            s.dFake(),
            s.gLoss(),
            s.kl(),
            s.pReal(),
            s.pFake(),
            s.gGradRms(),
            s.learningRate(),
            Double.isNaN(s.gAux())
                ? ""
                : String.format(Locale.ROOT, "  aux D %.3f G %.3f", s.dAux(), s.gAux()),
            Double.isNaN(s.gLowBand())
                ? ""
                : String.format(Locale.ROOT, "  low band %.4f", s.gLowBand())));
  }
}
