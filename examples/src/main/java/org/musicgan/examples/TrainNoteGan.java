package org.musicgan.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.musicgan.audio.render.MidiRenderer;
import org.musicgan.audio.representation.RepresentationBridge;
import org.musicgan.audio.representation.RepresentationPreset;
import org.musicgan.datasets.synth.SingleNoteSet;
import org.musicgan.gan.BestCheckpointKeeper;
import org.musicgan.gan.CollapseGuard;
import org.musicgan.gan.GanBundle;
import org.musicgan.gan.GanCheckpointer;
import org.musicgan.gan.GanEvaluation;
import org.musicgan.gan.GanLossPlotter;
import org.musicgan.gan.GanProgressLogger;
import org.musicgan.gan.GanSampler;
import org.musicgan.gan.GanTrainingOptions;
import org.musicgan.gan.NoteGanData;
import org.musicgan.gan.PreparedGanData;
import org.musicgan.gan.StackGanConfig;
import org.musicgan.gan.StackGanTrainer;

/**
 * Trains a conditional Stage I StackGAN on a single-note set rendered with a SoundFont (pitch and
 * instrument as the condition), the "proof" experiment of musicgan-core: writes {@code
 * <out>/model.gan.zip} (checkpointed, resumable), {@code <out>/loss.csv|png} and {@code
 * <out>/samples/step-N/p060_i000.wav|png}.
 *
 * <p>Defaults are the settings that made the model obey its condition (musicgan-core/README.md):
 * the condition also fed straight to G's first layer ({@code --no-direct-condition} for plain
 * StackGAN conditioning through augmentation only), an auxiliary condition classifier in D with
 * loss weight 5 ({@code --aux-weight}; 0 = none), time-shift augmentation of up to 8 columns
 * ({@code --augment-shift}), D learning at 0.25 of G's rate ({@code --d-lr-scale}), one-sided label
 * smoothing 0.9 and instance noise 0.1 decaying over the first half; {@code --d-first-channel-only}
 * hides every channel but the first (the phase of magnitude+phase) from D; {@code --reuse-fake}
 * runs the generator forward once per step (the G step reuses the D step's fake batch). With {@code
 * --stage-i BUNDLE} it trains Stage II (256×256, the bundle's representation) on top of that frozen
 * Stage I model, on the same note set, with the training flags given here (their defaults are the
 * Stage I ones above; the flags the Stage I model was trained with do not carry over) and, unless
 * {@code --no-direct-condition}, the condition also fed straight to Stage II's generator; {@code
 * --data DIR} trains on a folder made by {@link PrepareDataset}. {@code --gf} and {@code --df}
 * override the generator's and discriminator's base widths of {@code --widths} (or, for Stage II,
 * those of the Stage I model). {@code --aligned-stage-i} gives Stage II's generator the Stage I
 * output also carried onto the Stage II grid through audio (see {@code StageIINetworks}), and
 * {@code --low-band-weight W} with it holds the output's Stage I band to that input (an L1 term);
 * {@code --stage-i-harmonics A} extends the aligned Stage I sound over the whole Stage II band
 * through {@code HarmonicExciter} (amount A; session 11 used 0.5), {@code --stage-i-rephase N}
 * rebuilds that sound from the Stage I magnitudes by N Griffin-Lim iterations first, and {@code
 * --hold-every-cell} makes the low-band term hold every cell to it, not only the Stage I band.
 * {@code --keep-best N} evaluates every checkpoint as {@code EvaluateNoteGan --per N} does and
 * keeps the best in {@code <out>/best.gan.zip}, the scores in {@code <out>/evaluation.csv} ({@link
 * BestCheckpointKeeper}). With the small preset a step takes about 0.7 s on one core of a 2-core
 * machine.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp examples/target/musicgan-examples.jar \
 *     org.musicgan.examples.TrainNoteGan --preset magnitude-phase-log/stage-i --steps 4000 \
 *     --out runs/notes [--pitches 48,50,52,53,55,57,59,60] [--programs 0,73] \
 *     [--velocities 80,100,120] [--batch 16] [--widths small|paper] [--gf 8] [--df 8] [--seed 1]
 *     [--resume] [--label-smoothing 0.9] [--instance-noise 0.1] [--aux-weight 5] [--augment-shift 8]
 *     [--d-lr-scale 0.25] [--d-first-channel-only] [--reuse-fake] [--no-direct-condition]
 *     [--no-waveform-adapter] [--soundfont bank.sf2]
 *     [--data prepared-folder] [--stage-i stage1/model.gan.zip] [--aligned-stage-i]
 *     [--low-band-weight 10] [--stage-i-harmonics 0.5] [--stage-i-rephase 100]
 *     [--hold-every-cell] [--every 500]
 *     [--keep-best 2]
 * </pre>
 */
public final class TrainNoteGan {
  private TrainNoteGan() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    try {
      StackGanTrainer.FitResult r = runExample(args);
      System.out.printf(
          "Trained %d steps%s; last step: %s%n",
          r.steps(), r.collapsed() ? " (collapse: " + r.reason() + ")" : "", r.last());
    } catch (IllegalArgumentException e) {
      System.err.println("train-gan: " + e.getMessage());
      System.exit(1);
    }
  }

  static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  /** Runs training as the options say. */
  public static StackGanTrainer.FitResult runExample(String[] args) throws IOException {
    return runExample(args, List.of());
  }

  /** Runs training as the options say, telling {@code extra} about every step too. */
  public static StackGanTrainer.FitResult runExample(
      String[] args, List<? extends StackGanTrainer.Listener> extra) throws IOException {
    RepresentationPreset preset = RepresentationPreset.MAGNITUDE_PHASE_LOG_STAGE_I;
    long steps = 4000;
    Path out = Path.of("runs/notes");
    List<Integer> pitches = List.of(48, 50, 52, 53, 55, 57, 59, 60);
    List<Integer> programs = List.of(0, 73);
    List<Integer> velocities = List.of(80, 100, 120);
    int batch = 16;
    String widths = "small";
    int gf = 0;
    int df = 0;
    long seed = 1;
    boolean resume = false;
    double realLabel = 0.9;
    double noise = 0.1;
    double auxWeight = 5;
    int augmentShift = 8;
    double dScale = 0.25;
    boolean dFirstChannelOnly = false;
    boolean reuseFake = false;
    boolean noAdapter = false;
    Path prepared = null;
    Path stageIBundle = null;
    boolean directCondition = true;
    boolean alignedStageI = false;
    double lowBandWeight = 0;
    double stageIHarmonics = 0;
    int stageIRephase = 0;
    boolean holdEveryCell = false;
    int every = 500;
    int keepBest = 0;
    Path soundFont = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--preset" -> preset = RepresentationPreset.byName(args[++i]);
        case "--steps" -> steps = Long.parseLong(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--pitches" -> pitches = ints(args[++i]);
        case "--programs" -> programs = ints(args[++i]);
        case "--velocities" -> velocities = ints(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--widths" -> widths = args[++i];
        case "--gf" -> gf = Integer.parseInt(args[++i]);
        case "--df" -> df = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--resume" -> resume = true;
        case "--label-smoothing" -> realLabel = Double.parseDouble(args[++i]);
        case "--instance-noise" -> noise = Double.parseDouble(args[++i]);
        case "--aux-weight" -> auxWeight = Double.parseDouble(args[++i]);
        case "--augment-shift" -> augmentShift = Integer.parseInt(args[++i]);
        case "--d-lr-scale" -> dScale = Double.parseDouble(args[++i]);
        case "--d-first-channel-only" -> dFirstChannelOnly = true;
        case "--reuse-fake" -> reuseFake = true;
        case "--every" -> every = Integer.parseInt(args[++i]);
        case "--soundfont" -> soundFont = Path.of(args[++i]);
        case "--no-waveform-adapter" -> noAdapter = true;
        case "--data" -> prepared = Path.of(args[++i]);
        case "--stage-i" -> stageIBundle = Path.of(args[++i]);
        case "--direct-condition" -> directCondition = true;
        case "--no-direct-condition" -> directCondition = false;
        case "--aligned-stage-i" -> alignedStageI = true;
        case "--low-band-weight" -> lowBandWeight = Double.parseDouble(args[++i]);
        case "--stage-i-harmonics" -> stageIHarmonics = Double.parseDouble(args[++i]);
        case "--stage-i-rephase" -> stageIRephase = Integer.parseInt(args[++i]);
        case "--hold-every-cell" -> holdEveryCell = true;
        case "--keep-best" -> keepBest = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    GanBundle.Loaded stageI = null;
    if (stageIBundle != null) {
      // Stage II: the Stage I model is frozen; the preset becomes its Stage II twin
      stageI = GanBundle.load(stageIBundle);
      if (stageI.trainer().stageII()) {
        throw new IllegalArgumentException(stageIBundle + " is a Stage II bundle");
      }
      preset = RepresentationPreset.byName(stageI.manifest().preset()).otherStage();
    } else if (preset.stageII()) {
      throw new IllegalArgumentException(
          "Stage II trains on a Stage I model: pass --stage-i model.gan.zip (" + preset + ")");
    }
    if (keepBest < 0) {
      throw new IllegalArgumentException("--keep-best must be >= 0, found " + keepBest);
    }
    if (keepBest > 0 && prepared != null) {
      throw new IllegalArgumentException(
          "--keep-best measures pitch accuracy on the single-note set; it does not work with --data");
    }
    NoteGanData.Prepared data;
    List<SingleNoteSet.Item> notes = List.of();
    String corpus;
    if (prepared != null) {
      // a dataset made by PrepareDataset (MusicNet or FMA windows); its own preset wins
      data = PreparedGanData.load(prepared);
      preset = data.preset();
      corpus = "prepared dataset " + prepared.toAbsolutePath().normalize();
    } else {
      MidiRenderer renderer =
          soundFont != null
              ? MidiRenderer.withSoundFont(soundFont)
              : MidiRenderer.withFirstAvailable(RenderTune.DEFAULT_SOUNDFONTS);
      SingleNoteSet set = new SingleNoteSet(pitches, programs, velocities, 16000, 4.0, 3.0);
      notes = set.render(renderer);
      data = NoteGanData.prepare(notes, preset);
      corpus =
          "single notes rendered with "
              + renderer.bankName()
              + ": pitches "
              + pitches
              + ", programs "
              + programs
              + ", velocities "
              + velocities;
    }
    Files.createDirectories(out);
    Path bundle = out.resolve("model.gan.zip");
    // the same flags train Stage I and Stage II (not those the Stage I model was trained with)
    GanTrainingOptions opts =
        GanTrainingOptions.stackGan()
            .withAuxWeight(auxWeight)
            .withAugmentShift(augmentShift)
            .withDLearningRateScale(dScale)
            .withDFirstChannelOnly(dFirstChannelOnly)
            .withReuseFake(reuseFake)
            .withLowBandWeight(lowBandWeight)
            .withHoldEveryCell(holdEveryCell)
            .withBatchSize(batch)
            .withLrHalvingSteps((int) Math.max(1, steps / 2))
            .withRealLabel(realLabel)
            .withInstanceNoise(noise, (int) (steps / 2));
    StackGanTrainer trainer;
    if (resume && Files.exists(bundle)) {
      trainer = GanBundle.load(bundle).trainer();
    } else if (stageI != null) {
      if (!stageI.schema().equals(data.schema())) {
        throw new IllegalArgumentException(
            "the Stage I model was trained on conditions "
                + stageI.schema().entryNames()
                + ", this note set has "
                + data.schema().entryNames());
      }
      StackGanConfig stageIConfig = stageI.manifest().config();
      trainer =
          StackGanTrainer.stageII(
              stageIConfig
                  .withWidths(gf > 0 ? gf : stageIConfig.gf(), df > 0 ? df : stageIConfig.df())
                  .withWaveformAdapter(false)
                  .withAuxClassifier(auxWeight > 0)
                  .withDirectCondition(directCondition)
                  .withAlignedStageI(alignedStageI)
                  .withStageIHarmonics(stageIHarmonics)
                  .withStageIRephase(stageIRephase),
              opts,
              seed,
              stageI.trainer().generator(),
              alignedStageI
                  ? new RepresentationBridge(
                      stageI.representation(),
                      stageI.normalizer(),
                      data.preset().create(),
                      data.normalizer(),
                      stageIHarmonics,
                      stageIRephase)
                  : null);
    } else {
      StackGanConfig cfg =
          switch (widths) {
            case "small" -> StackGanConfig.small(data.schema().size(), preset.create().channels());
            case "paper" -> StackGanConfig.paper(data.schema().size(), preset.create().channels());
            default -> throw new IllegalArgumentException("--widths is small or paper");
          };
      cfg = cfg.withWidths(gf > 0 ? gf : cfg.gf(), df > 0 ? df : cfg.df());
      // the seed's approach 1: raw waveforms go through the learned (de)convolution adapter
      cfg =
          cfg.withAuxClassifier(auxWeight > 0)
              .withDirectCondition(directCondition)
              .withWaveformAdapter(
                  preset == RepresentationPreset.RAW_WAVEFORM_STAGE_I && !noAdapter);
      trainer = new StackGanTrainer(cfg, opts, seed);
    }
    List<StackGanTrainer.Listener> listeners = new ArrayList<>();
    listeners.add(new GanProgressLogger(50, steps));
    listeners.add(new GanLossPlotter(out.resolve("loss"), every));
    listeners.add(
        new GanSampler(
            out.resolve("samples"),
            every,
            data.preset().create(),
            data.normalizer(),
            data.gridConditions(),
            data.gridLabels(),
            7));
    listeners.add(
        new GanCheckpointer(
            bundle,
            every,
            preset,
            data.normalizer(),
            data.schema(),
            GanBundle.Provenance.of(corpus, "see the SoundFont's license", Map.of())));
    if (keepBest > 0) {
      NoteGanData.Prepared evalData = data;
      List<SingleNoteSet.Item> real = notes;
      int per = keepBest;
      listeners.add(
          new BestCheckpointKeeper(
              bundle,
              out.resolve("best.gan.zip"),
              every,
              g -> GanEvaluation.evaluate(g, evalData, real, 3.0, per, 1)));
    }
    listeners.addAll(extra);
    return trainer.fit(data.data(), steps, CollapseGuard.defaults(), false, listeners);
  }
}
