package org.musicgan.gan;

/**
 * How a StackGAN stage is trained. {@link #stackGan()} gives the original TensorFlow StackGAN's
 * settings; the stabilisers are off there.
 *
 * @param batchSize examples per step (TF: 64)
 * @param learningRate Adam learning rate of both networks (TF: 2e-4)
 * @param beta1 Adam beta1 (TF: 0.5)
 * @param klWeight weight of the conditioning-augmentation KL term in the G loss (TF: 2.0)
 * @param lrHalvingSteps halve both learning rates every this many steps; 0 = never (TF halves every
 *     50 epochs)
 * @param wrongPairs train D on real clips with a mismatched condition ({@code D = real + (wrong +
 *     fake) / 2}); without them {@code D = real + fake}
 * @param realLabel D's target for real pairs: 1, or less for one-sided label smoothing (ganhacks
 *     #6; e.g. 0.9)
 * @param instanceNoise standard deviation of Gaussian noise added to every D input at step 0
 *     (ganhacks #13); 0 = off
 * @param instanceNoiseSteps the instance noise decays linearly to 0 over this many steps
 * @param auxWeight weight of the auxiliary-classifier loss (used only when the discriminator has
 *     one, {@link StackGanConfig#auxClassifier()}): D minimises it on real clips, G on its own
 *     clips against the condition it was given
 * @param augmentShift differentiable augmentation (DiffAugment, Zhao et al. 2020) against a
 *     discriminator that memorises a small training set: every tensor D sees, real or generated, is
 *     shifted along its last (time) axis by a random whole number of columns in {@code
 *     [-augmentShift, augmentShift]}, zero-filled; G's gradient flows back through the shift. 0 =
 *     off. Frequency is never shifted (that would change the pitch the condition names).
 * @param dLearningRateScale D's learning rate is {@code learningRate * dLearningRateScale} (1 = TF
 *     StackGAN; below 1 slows a discriminator that wins too early)
 * @param dFirstChannelOnly D sees channel 0 only (every other channel of every tensor it gets, real
 *     or generated, is zeroed): for magnitude+phase, a discriminator that cannot tell real from
 *     fake by the noise-like phase channel alone. G's other channels then get no adversarial
 *     gradient. false = TF StackGAN
 * @param reuseFake one generator forward pass per step: the G step back-propagates through the very
 *     fake batch (same z and epsilon) the D step was trained on, as the usual PyTorch GAN loop
 *     does, instead of drawing a fresh batch and running G again as TF StackGAN does (each of its
 *     {@code sess.run} calls re-samples the noise); saves a generator forward pass per step. false
 *     = TF StackGAN (bundles written before this option load with false)
 * @param lowBandWeight (Stage II with {@link StackGanConfig#alignedStageI()}, not in StackGAN) the
 *     generator's loss gains {@code lowBandWeight} times the mean absolute difference between its
 *     output and its aligned Stage I input over the cells of the Stage I band, both normalised, so
 *     the partials Stage I drew stay where they are; 0 = off (and for bundles written before it)
 * @param holdEveryCell (with {@code lowBandWeight}, not in StackGAN) the term covers every cell,
 *     not only the Stage I band: for an aligned input that carries the whole band ({@link
 *     StackGanConfig#stageIHarmonics()}). In session 11 this kept the pitch through 1,000 steps
 *     where the Stage I band alone let it fall after 400–600 (musicgan-core README). false = the
 *     Stage I band (and for bundles written before it)
 */
public record GanTrainingOptions(
    int batchSize,
    double learningRate,
    double beta1,
    double klWeight,
    int lrHalvingSteps,
    boolean wrongPairs,
    double realLabel,
    double instanceNoise,
    int instanceNoiseSteps,
    double auxWeight,
    int augmentShift,
    double dLearningRateScale,
    boolean dFirstChannelOnly,
    boolean reuseFake,
    double lowBandWeight,
    boolean holdEveryCell) {

  /** Validates the options. */
  public GanTrainingOptions {
    if (batchSize < 2) {
      throw new IllegalArgumentException("batchSize must be >= 2, found " + batchSize);
    }
    if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException(
          "need learningRate > 0 and 0 <= beta1 < 1, found " + learningRate + ", " + beta1);
    }
    if (!(klWeight >= 0) || lrHalvingSteps < 0 || instanceNoiseSteps < 0) {
      throw new IllegalArgumentException(
          "klWeight, lrHalvingSteps, instanceNoiseSteps must be >= 0");
    }
    if (!(realLabel > 0.5 && realLabel <= 1)) {
      throw new IllegalArgumentException("realLabel must be in (0.5, 1], found " + realLabel);
    }
    if (!(dLearningRateScale > 0)) {
      throw new IllegalArgumentException(
          "dLearningRateScale must be > 0, found " + dLearningRateScale);
    }
    if (augmentShift < 0) {
      throw new IllegalArgumentException("augmentShift must be >= 0, found " + augmentShift);
    }
    if (!(auxWeight >= 0)) {
      throw new IllegalArgumentException("auxWeight must be >= 0, found " + auxWeight);
    }
    if (!(lowBandWeight >= 0)) {
      throw new IllegalArgumentException("lowBandWeight must be >= 0, found " + lowBandWeight);
    }
    if (!(instanceNoise >= 0)) {
      throw new IllegalArgumentException("instanceNoise must be >= 0, found " + instanceNoise);
    }
  }

  /**
   * TF StackGAN: batch 64, Adam(2e-4, 0.5), KL 2.0, wrong pairs, no stabilisers; auxiliary loss
   * weight 1 (it only acts when the discriminator has an auxiliary classifier).
   */
  public static GanTrainingOptions stackGan() {
    return new GanTrainingOptions(
        64, 2e-4, 0.5, 2.0, 0, true, 1.0, 0, 0, 1.0, 0, 1.0, false, false, 0, false);
  }

  /** A copy with another batch size. */
  public GanTrainingOptions withBatchSize(int b) {
    return with(o -> o.batchSize = b);
  }

  /** A copy with the learning rate halved every {@code steps} steps. */
  public GanTrainingOptions withLrHalvingSteps(int steps) {
    return with(o -> o.lrHalvingSteps = steps);
  }

  /** A copy with one-sided label smoothing ({@code realLabel} for real pairs). */
  public GanTrainingOptions withRealLabel(double label) {
    return with(o -> o.realLabel = label);
  }

  /** A copy with instance noise of {@code sigma}, decaying to 0 over {@code steps}. */
  public GanTrainingOptions withInstanceNoise(double sigma, int steps) {
    return with(
        o -> {
          o.instanceNoise = sigma;
          o.instanceNoiseSteps = steps;
        });
  }

  /** A copy with time-shift augmentation of up to {@code columns} columns (0 = off). */
  public GanTrainingOptions withAugmentShift(int columns) {
    return with(o -> o.augmentShift = columns);
  }

  /** A copy with D's learning rate scaled by {@code scale} relative to G's. */
  public GanTrainingOptions withDLearningRateScale(double scale) {
    return with(o -> o.dLearningRateScale = scale);
  }

  /** A copy in which D sees channel 0 only (or every channel again). */
  public GanTrainingOptions withDFirstChannelOnly(boolean firstOnly) {
    return with(o -> o.dFirstChannelOnly = firstOnly);
  }

  /** A copy that runs the generator forward once per step ({@link #reuseFake}) or twice. */
  public GanTrainingOptions withReuseFake(boolean reuse) {
    return with(o -> o.reuseFake = reuse);
  }

  /** A copy with another learning rate (both networks). */
  public GanTrainingOptions withLearningRate(double lr) {
    return with(o -> o.learningRate = lr);
  }

  /**
   * A copy with another weight of the Stage II low-band term: the mean absolute difference between
   * G's output and its aligned Stage I input on the cells of the Stage I band (0 = off; only with
   * {@link StackGanConfig#alignedStageI()}).
   */
  public GanTrainingOptions withLowBandWeight(double weight) {
    return with(o -> o.lowBandWeight = weight);
  }

  /** A copy whose low-band term covers every cell (or only the Stage I band). */
  public GanTrainingOptions withHoldEveryCell(boolean on) {
    return with(o -> o.holdEveryCell = on);
  }

  /** A copy with another auxiliary-classifier loss weight. */
  public GanTrainingOptions withAuxWeight(double weight) {
    return with(o -> o.auxWeight = weight);
  }

  /** A copy with the changes {@code change} makes to this record's fields. */
  private GanTrainingOptions with(java.util.function.Consumer<Fields> change) {
    Fields o = new Fields(this);
    change.accept(o);
    return new GanTrainingOptions(
        o.batchSize,
        o.learningRate,
        o.beta1,
        o.klWeight,
        o.lrHalvingSteps,
        o.wrongPairs,
        o.realLabel,
        o.instanceNoise,
        o.instanceNoiseSteps,
        o.auxWeight,
        o.augmentShift,
        o.dLearningRateScale,
        o.dFirstChannelOnly,
        o.reuseFake,
        o.lowBandWeight,
        o.holdEveryCell);
  }

  /** The record's fields, mutable, for {@link #with}. */
  private static final class Fields {
    int batchSize;
    double learningRate;
    double beta1;
    double klWeight;
    int lrHalvingSteps;
    boolean wrongPairs;
    double realLabel;
    double instanceNoise;
    int instanceNoiseSteps;
    double auxWeight;
    int augmentShift;
    double dLearningRateScale;
    boolean dFirstChannelOnly;
    boolean reuseFake;
    double lowBandWeight;
    boolean holdEveryCell;

    Fields(GanTrainingOptions r) {
      batchSize = r.batchSize;
      learningRate = r.learningRate;
      beta1 = r.beta1;
      klWeight = r.klWeight;
      lrHalvingSteps = r.lrHalvingSteps;
      wrongPairs = r.wrongPairs;
      realLabel = r.realLabel;
      instanceNoise = r.instanceNoise;
      instanceNoiseSteps = r.instanceNoiseSteps;
      auxWeight = r.auxWeight;
      augmentShift = r.augmentShift;
      dLearningRateScale = r.dLearningRateScale;
      dFirstChannelOnly = r.dFirstChannelOnly;
      reuseFake = r.reuseFake;
      lowBandWeight = r.lowBandWeight;
      holdEveryCell = r.holdEveryCell;
    }
  }

  /** The instance-noise standard deviation at {@code step}. */
  public double instanceNoiseAt(long step) {
    if (instanceNoise == 0 || instanceNoiseSteps == 0 || step >= instanceNoiseSteps) {
      return 0;
    }
    return instanceNoise * (1 - step / (double) instanceNoiseSteps);
  }
}
