package org.musicgan.gan;

/**
 * StackGAN widths and sizes.
 *
 * @param zDim noise size (paper: 100)
 * @param cDim conditioning-augmentation output size (paper: 128)
 * @param gf generator base width (paper: 128)
 * @param df discriminator base width (paper: 64)
 * @param conditionSize length of the metadata condition vector
 * @param channels representation channels (2 or 3)
 * @param waveformAdapter the seed's approach 1 for raw waveforms: G ends in a LeakyReLU and an
 *     added 5x5 stride-1 transposed convolution before the final tanh, and D starts with an added
 *     5x5 convolution and LeakyReLU (see {@link StageINetworks})
 * @param auxClassifier D gets a second output, {@code aux}: one logit per condition entry predicted
 *     from the image alone (an AC-GAN / GANSynth-style auxiliary classifier, not in StackGAN),
 *     trained on real clips and used as an extra loss for G so that it must produce audio whose
 *     condition can be read back
 * @param directCondition G's first FC also reads the condition vector itself, beside the
 *     conditioning-augmentation sample and z (GANSynth conditions G this way; not in StackGAN): the
 *     augmentation's noise cannot then drown a sparse one-hot condition
 * @param alignedStageI (Stage II) the generator also reads the Stage I output carried onto the
 *     Stage II time-frequency grid through audio ({@code lowres_aligned}, see {@link
 *     StageIINetworks}), beside its last upsampling stage
 */
public record StackGanConfig(
    int zDim,
    int cDim,
    int gf,
    int df,
    int conditionSize,
    int channels,
    boolean waveformAdapter,
    boolean auxClassifier,
    boolean directCondition,
    boolean alignedStageI) {

  /** Sizes without the waveform adapter and the auxiliary classifier (TF StackGAN). */
  public StackGanConfig(int zDim, int cDim, int gf, int df, int conditionSize, int channels) {
    this(zDim, cDim, gf, df, conditionSize, channels, false, false, false, false);
  }

  /** Validates the sizes. */
  public StackGanConfig {
    if (zDim < 1 || cDim < 1 || gf < 1 || df < 1 || conditionSize < 1 || channels < 1) {
      throw new IllegalArgumentException(
          "all sizes must be >= 1, found zDim="
              + zDim
              + ", cDim="
              + cDim
              + ", gf="
              + gf
              + ", df="
              + df
              + ", conditionSize="
              + conditionSize
              + ", channels="
              + channels);
    }
  }

  /** The paper's widths (z 100, c 128, gf 128, df 64) for a condition and channel count. */
  public static StackGanConfig paper(int conditionSize, int channels) {
    return new StackGanConfig(100, 128, 128, 64, conditionSize, channels);
  }

  /** A copy with the raw-waveform adapter layers on or off. */
  public StackGanConfig withWaveformAdapter(boolean on) {
    return withFlags(on, auxClassifier, directCondition, alignedStageI);
  }

  /** A copy with D's auxiliary condition classifier on or off. */
  public StackGanConfig withAuxClassifier(boolean on) {
    return withFlags(waveformAdapter, on, directCondition, alignedStageI);
  }

  /** A copy in which G's first FC also reads the condition vector directly (or not). */
  public StackGanConfig withDirectCondition(boolean on) {
    return withFlags(waveformAdapter, auxClassifier, on, alignedStageI);
  }

  /**
   * A copy with other generator and discriminator base widths (the sizes of z and c stay: a Stage
   * II model reads its Stage I generator with them).
   */
  public StackGanConfig withWidths(int gf, int df) {
    return new StackGanConfig(
        zDim,
        cDim,
        gf,
        df,
        conditionSize,
        channels,
        waveformAdapter,
        auxClassifier,
        directCondition,
        alignedStageI);
  }

  /** A copy whose Stage II generator reads the aligned Stage I output (or not). */
  public StackGanConfig withAlignedStageI(boolean on) {
    return withFlags(waveformAdapter, auxClassifier, directCondition, on);
  }

  /** A copy with these switches and the same sizes. */
  private StackGanConfig withFlags(
      boolean waveformAdapter,
      boolean auxClassifier,
      boolean directCondition,
      boolean alignedStageI) {
    return new StackGanConfig(
        zDim,
        cDim,
        gf,
        df,
        conditionSize,
        channels,
        waveformAdapter,
        auxClassifier,
        directCondition,
        alignedStageI);
  }

  /** A small preset for tests and CPU experiments (z 16, c 16, gf 8, df 8). */
  public static StackGanConfig small(int conditionSize, int channels) {
    return new StackGanConfig(16, 16, 8, 8, conditionSize, channels);
  }
}
