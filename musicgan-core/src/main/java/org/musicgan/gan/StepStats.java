package org.musicgan.gan;

/**
 * What one training step (one D update, then one G update) measured.
 *
 * @param step the step's index (0-based)
 * @param dLoss D loss: {@code real + (wrong + fake) / 2} (or {@code real + fake})
 * @param dReal D's cross-entropy on real, matching pairs
 * @param dWrong D's cross-entropy on real clips with a mismatched condition (NaN without wrong
 *     pairs)
 * @param dFake D's cross-entropy on generated clips
 * @param gLoss G's adversarial loss (non-saturating: {@code -log D(G(z, c))})
 * @param kl the conditioning-augmentation KL (unweighted)
 * @param pReal D's mean probability that real, matching pairs are real
 * @param pFake D's mean probability that generated clips are real (D step)
 * @param gGradRms root mean square of dL_G/d(generated tensor), per example: the signal G gets
 * @param learningRate the learning rate used
 * @param dAux the auxiliary classifier's loss on real clips (NaN without one)
 * @param gAux the auxiliary classifier's loss on G's clips against their conditions, G step (NaN
 *     without one)
 * @param gLowBand the Stage II low-band term, weighted ({@link GanTrainingOptions#lowBandWeight()};
 *     NaN when it is off)
 */
public record StepStats(
    long step,
    double dLoss,
    double dReal,
    double dWrong,
    double dFake,
    double gLoss,
    double kl,
    double pReal,
    double pFake,
    double gGradRms,
    double learningRate,
    double dAux,
    double gAux,
    double gLowBand) {

  /** Statistics of a run without an auxiliary classifier and without the low-band term. */
  public StepStats(
      long step,
      double dLoss,
      double dReal,
      double dWrong,
      double dFake,
      double gLoss,
      double kl,
      double pReal,
      double pFake,
      double gGradRms,
      double learningRate) {
    this(
        step,
        dLoss,
        dReal,
        dWrong,
        dFake,
        gLoss,
        kl,
        pReal,
        pFake,
        gGradRms,
        learningRate,
        Double.NaN,
        Double.NaN,
        Double.NaN);
  }

  /** Whether every loss is a finite number. */
  public boolean finite() {
    return Double.isFinite(dLoss)
        && Double.isFinite(gLoss)
        && Double.isFinite(kl)
        && Double.isFinite(gGradRms);
  }

  /** The G loss including the weighted KL term. */
  public double gTotal(double klWeight) {
    return gLoss + klWeight * kl;
  }
}
