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
 * @param stageIHarmonics (Stage II with {@code alignedStageI}, not in StackGAN) when above 0, the
 *     aligned Stage I sound first passes through {@code HarmonicExciter} with this amount: the
 *     Stage I output holds only the band below 504 Hz, and the exciter extends each note over the
 *     whole Stage II band with partials at multiples of its fundamental (musicgan-core README,
 *     "Stage II in session 11"); 0 leaves it as it is
 * @param stageIRephase (Stage II with {@code alignedStageI}, not in StackGAN) when above 0, the
 *     aligned Stage I sound is rebuilt from the Stage I output's magnitudes alone by this many
 *     Griffin-Lim iterations before the exciter ({@code RepresentationBridge}): the Stage I model's
 *     own phases make its partials beat, and the exciter spreads the beating over the upper band
 *     (musicgan-core README, "Stage II in session 13"); 0 decodes it as it is
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
    boolean alignedStageI,
    double stageIHarmonics,
    int stageIRephase) {

  /** Sizes without the waveform adapter and the auxiliary classifier (TF StackGAN). */
  public StackGanConfig(int zDim, int cDim, int gf, int df, int conditionSize, int channels) {
    this(zDim, cDim, gf, df, conditionSize, channels, false, false, false, false, 0, 0);
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
    if (!(stageIHarmonics >= 0) || Double.isInfinite(stageIHarmonics)) {
      throw new IllegalArgumentException(
          "stageIHarmonics must be finite and >= 0, found " + stageIHarmonics);
    }
    if (stageIHarmonics > 0 && !alignedStageI) {
      throw new IllegalArgumentException("stageIHarmonics is for a generator with alignedStageI");
    }
    if (stageIRephase < 0) {
      throw new IllegalArgumentException("stageIRephase must be >= 0, found " + stageIRephase);
    }
    if (stageIRephase > 0 && !alignedStageI) {
      throw new IllegalArgumentException("stageIRephase is for a generator with alignedStageI");
    }
  }

  /** The paper's widths (z 100, c 128, gf 128, df 64) for a condition and channel count. */
  public static StackGanConfig paper(int conditionSize, int channels) {
    return new StackGanConfig(100, 128, 128, 64, conditionSize, channels);
  }

  /** A copy with the raw-waveform adapter layers on or off. */
  public StackGanConfig withWaveformAdapter(boolean on) {
    return with(o -> o.waveformAdapter = on);
  }

  /** A copy with D's auxiliary condition classifier on or off. */
  public StackGanConfig withAuxClassifier(boolean on) {
    return with(o -> o.auxClassifier = on);
  }

  /** A copy in which G's first FC also reads the condition vector directly (or not). */
  public StackGanConfig withDirectCondition(boolean on) {
    return with(o -> o.directCondition = on);
  }

  /**
   * A copy with other generator and discriminator base widths (the sizes of z and c stay: a Stage
   * II model reads its Stage I generator with them).
   */
  public StackGanConfig withWidths(int gf, int df) {
    return with(
        o -> {
          o.gf = gf;
          o.df = df;
        });
  }

  /**
   * A copy whose Stage II generator reads the aligned Stage I output (or not; then without
   * harmonics or rephasing).
   */
  public StackGanConfig withAlignedStageI(boolean on) {
    return with(
        o -> {
          o.alignedStageI = on;
          if (!on) {
            o.stageIHarmonics = 0;
            o.stageIRephase = 0;
          }
        });
  }

  /** A copy whose aligned Stage I sound gains harmonics by this amount (0: none). */
  public StackGanConfig withStageIHarmonics(double amount) {
    return with(o -> o.stageIHarmonics = amount);
  }

  /**
   * A copy whose aligned Stage I sound is rebuilt from its magnitudes by this many Griffin-Lim
   * iterations (0: decoded as it is).
   */
  public StackGanConfig withStageIRephase(int iterations) {
    return with(o -> o.stageIRephase = iterations);
  }

  /** A copy with the changes {@code change} makes to this record's fields. */
  private StackGanConfig with(java.util.function.Consumer<Fields> change) {
    Fields o = new Fields(this);
    change.accept(o);
    return new StackGanConfig(
        o.zDim,
        o.cDim,
        o.gf,
        o.df,
        o.conditionSize,
        o.channels,
        o.waveformAdapter,
        o.auxClassifier,
        o.directCondition,
        o.alignedStageI,
        o.stageIHarmonics,
        o.stageIRephase);
  }

  /** The record's fields, mutable, for {@link #with}. */
  private static final class Fields {
    int zDim;
    int cDim;
    int gf;
    int df;
    int conditionSize;
    int channels;
    boolean waveformAdapter;
    boolean auxClassifier;
    boolean directCondition;
    boolean alignedStageI;
    double stageIHarmonics;
    int stageIRephase;

    Fields(StackGanConfig r) {
      zDim = r.zDim;
      cDim = r.cDim;
      gf = r.gf;
      df = r.df;
      conditionSize = r.conditionSize;
      channels = r.channels;
      waveformAdapter = r.waveformAdapter;
      auxClassifier = r.auxClassifier;
      directCondition = r.directCondition;
      alignedStageI = r.alignedStageI;
      stageIHarmonics = r.stageIHarmonics;
      stageIRephase = r.stageIRephase;
    }
  }

  /** A small preset for tests and CPU experiments (z 16, c 16, gf 8, df 8). */
  public static StackGanConfig small(int conditionSize, int channels) {
    return new StackGanConfig(16, 16, 8, 8, conditionSize, channels);
  }
}
