package org.musicgan.gan;

import java.util.Locale;

/**
 * Watches training for the failure the seed project hit: the discriminator wins (its loss goes to
 * 0) and the generator stops getting a useful gradient.
 *
 * <p>Two signals, each over a run of consecutive steps: D loss within {@code dLossFloor} of its
 * minimum (0, or the real label's entropy under one-sided label smoothing), and the gradient
 * reaching G's output (RMS per element and example) below {@code gGradFloor}. Either one held for
 * {@code patience} steps is a collapse; the guard reports it once per episode (until the signal
 * recovers) through {@link #check}. Non-finite losses are a collapse at once.
 *
 * @param dLossFloor D loss below this counts as "D has won" (default 0.02)
 * @param gGradFloor G output gradient RMS below this counts as vanishing (default 1e-6)
 * @param patience consecutive steps before reporting (default 50)
 */
public record CollapseGuard(double dLossFloor, double gGradFloor, int patience) {

  /** Validates. */
  public CollapseGuard {
    if (!(dLossFloor >= 0) || !(gGradFloor >= 0) || patience < 1) {
      // NaN floors are rejected too
      throw new IllegalArgumentException("floors must be >= 0 and patience >= 1");
    }
  }

  /** The defaults: D loss < 0.02 or G gradient RMS < 1e-6 for 50 steps. */
  public static CollapseGuard defaults() {
    return new CollapseGuard(0.02, 1e-6, 50);
  }

  /** What the guard concluded about one step. */
  public enum Verdict {
    /** Nothing wrong. */
    OK,
    /** A signal is below its floor, not yet for {@code patience} steps. */
    SUSPECT,
    /** A collapse, reported for the first step of the episode. */
    COLLAPSED,
    /** Still collapsed (already reported). */
    STILL_COLLAPSED
  }

  /** Mutable per-run state of a guard. */
  public static final class Monitor {
    private final CollapseGuard guard;
    private final double floor;
    private int lowD;
    private int lowGrad;
    private boolean reported;
    private String reason = "";

    Monitor(CollapseGuard guard, double floor) {
      this.guard = guard;
      this.floor = floor;
    }

    private String floorText() {
      return String.format(Locale.ROOT, "%.3f", floor);
    }

    /** The reason of the last collapse, or an empty string. */
    public String reason() {
      return reason;
    }

    /** Feeds one step and returns the verdict. */
    public Verdict check(StepStats s) {
      if (!s.finite()) {
        reason = "non-finite loss at step " + s.step() + ": " + s;
        boolean first = !reported;
        reported = true;
        return first ? Verdict.COLLAPSED : Verdict.STILL_COLLAPSED;
      }
      lowD = s.dLoss() - floor < guard.dLossFloor() ? lowD + 1 : 0;
      lowGrad = s.gGradRms() < guard.gGradFloor() ? lowGrad + 1 : 0;
      boolean collapsed = lowD >= guard.patience() || lowGrad >= guard.patience();
      if (collapsed) {
        boolean first = !reported;
        reported = true;
        if (first) {
          reason =
              String.format(
                  Locale.ROOT,
                  "step %d: %s for %d steps (D loss %.3g, P(real|fake) %.3g, G gradient RMS %.3g);"
                      + " the discriminator has won and G learns nothing. Try one-sided label"
                      + " smoothing (realLabel 0.9), instance noise, or a lower D learning rate.",
                  s.step(),
                  lowD >= guard.patience()
                      ? "D loss within " + guard.dLossFloor() + " of its minimum " + floorText()
                      : "G gradient below " + guard.gGradFloor(),
                  Math.max(lowD, lowGrad),
                  s.dLoss(),
                  s.pFake(),
                  s.gGradRms());
          return Verdict.COLLAPSED;
        }
        return Verdict.STILL_COLLAPSED;
      }
      reported = false;
      return lowD > 0 || lowGrad > 0 ? Verdict.SUSPECT : Verdict.OK;
    }
  }

  /** A fresh monitor for one training run without label smoothing (D loss minimum 0). */
  public Monitor monitor() {
    return new Monitor(this, 0);
  }

  /**
   * A fresh monitor for a run whose real pairs have the target {@code realLabel}: with one-sided
   * label smoothing D's loss cannot go below the label's entropy, so "D has won" is measured from
   * there.
   */
  public Monitor monitor(double realLabel) {
    double y = realLabel;
    double h = y >= 1 ? 0 : -(y * Math.log(y) + (1 - y) * Math.log(1 - y));
    return new Monitor(this, h);
  }
}
