package org.musicgan.gan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.musicgan.audio.dsp.Parallel;
import org.musicgan.audio.representation.RepresentationBridge;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Trains a StackGAN stage (Stage I, or Stage II on a frozen Stage I generator with {@link
 * #stageII}), one D update then one G update per {@link #step}, with the losses of TF StackGAN
 * ({@code stageI/trainer.py}) computed on logits:
 *
 * <ul>
 *   <li>D: {@code xent(D(real, c), 1) + (xent(D(real, c_wrong), 0) + xent(D(G(z, c), c), 0)) / 2}
 *       (batch normalisation sees one kind of pair at a time, as in TF's three separate D passes;
 *       the real and the mismatched pairs share their images, so on a discriminator built with
 *       {@link ConditionJoin} they are one pass whose image encoder runs once and whose head
 *       normalises each kind of pair on its own — the same numbers with a quarter less work);
 *   <li>G: {@code xent(D(G(z', c), c), 1) + klWeight * KL} with fresh noise for the G step (or,
 *       with {@link GanTrainingOptions#reuseFake()}, through the D step's fake batch); for a Stage
 *       II generator with {@link StackGanConfig#alignedStageI()} also {@link
 *       GanTrainingOptions#lowBandWeight()} times the mean absolute difference between G's output
 *       and its aligned Stage I input on the Stage I band.
 * </ul>
 *
 * <p>Both networks are trained with external errors (DL4J's {@code fit} cannot express a GAN): the
 * loss gradients with respect to D's logit are back-propagated through D, D's input gradient
 * through G, and each network's Adam updater ({@link FastAdamUpdater}) is applied by hand. The
 * noise of every step is drawn from a generator seeded by {@code (seed, step)}, so a run restored
 * from a bundle takes exactly the step the original run would have taken.
 */
public final class StackGanTrainer {
  private static final String[] BN_STATS = {
    BatchNormalizationParamInitializer.GLOBAL_MEAN,
    BatchNormalizationParamInitializer.GLOBAL_VAR,
    BatchNormalizationParamInitializer.GLOBAL_LOG_STD
  };

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(StackGanTrainer.class);

  private final StackGanConfig config;
  private final GanTrainingOptions options;
  private final long seed;
  private final GanGraph generator;
  private final GanGraph discriminator;
  private final List<String> dStatKeys;

  /**
   * The batch normalisations of the discriminator's head (after its {@link ConditionJoin}), or null
   * for a discriminator without one (built before it existed): D then scores the real and the
   * mismatched pairs in two passes.
   */
  private final List<FastBatchNormalizationLayer> headNorms;

  /** Tests clear this to score the real and mismatched pairs in two passes on any D. */
  boolean pairedPass = true;

  /** Whether the D step scores the real and mismatched pairs in one pass. */
  boolean pairsShareEncoder() {
    return headNorms != null && pairedPass && options.wrongPairs();
  }

  private final ComputationGraph stageI;
  private final RepresentationBridge stageIBridge;

  /** The output cells of the Stage I band, for the low-band term; null when it is off. */
  private final boolean[][] lowBand;

  private long step;

  /** A fresh trainer: both networks initialised from {@code seed}. */
  public StackGanTrainer(StackGanConfig config, GanTrainingOptions options, long seed) {
    this(
        config,
        options,
        seed,
        (GanGraph) StageINetworks.generator(config, seed, updater(options, 1)),
        (GanGraph)
            StageINetworks.discriminator(
                config, seed + 1, updater(options, options.dLearningRateScale())),
        0);
  }

  StackGanTrainer(
      StackGanConfig config,
      GanTrainingOptions options,
      long seed,
      GanGraph generator,
      GanGraph discriminator,
      long step) {
    this(config, options, seed, generator, discriminator, step, null, null);
  }

  StackGanTrainer(
      StackGanConfig config,
      GanTrainingOptions options,
      long seed,
      GanGraph generator,
      GanGraph discriminator,
      long step,
      ComputationGraph stageI,
      RepresentationBridge stageIBridge) {
    if (config.alignedStageI() != (stageI != null && stageIBridge != null)) {
      throw new IllegalArgumentException(
          config.alignedStageI()
              ? "a Stage II generator reading the aligned Stage I output needs the bridge from"
                  + " the Stage I representation to its own"
              : "a bridge from the Stage I representation is only for a Stage II generator built"
                  + " with alignedStageI");
    }
    if (stageIBridge != null
        && (stageIBridge.to().height() != 256 || stageIBridge.to().width() != 256)) {
      throw new IllegalArgumentException(
          "the Stage I bridge leads to " + stageIBridge.to().name() + ", not a 256x256 tensor");
    }
    if (stageIBridge != null && stageIBridge.harmonics() != config.stageIHarmonics()) {
      throw new IllegalArgumentException(
          "the Stage I bridge adds harmonics "
              + stageIBridge.harmonics()
              + ", the configuration says "
              + config.stageIHarmonics());
    }
    if (stageIBridge != null && stageIBridge.rephase() != config.stageIRephase()) {
      throw new IllegalArgumentException(
          "the Stage I bridge rephases with "
              + stageIBridge.rephase()
              + " Griffin-Lim iterations, the configuration says "
              + config.stageIRephase());
    }
    if (options.lowBandWeight() > 0 && stageIBridge == null) {
      throw new IllegalArgumentException(
          "lowBandWeight needs a Stage II generator that reads its Stage I input aligned"
              + " (alignedStageI)");
    }
    this.stageI = stageI;
    this.stageIBridge = stageIBridge;
    this.lowBand = options.lowBandWeight() > 0 ? heldCells(stageIBridge, options) : null;
    this.config = config;
    this.options = options;
    this.seed = seed;
    this.generator = generator;
    this.discriminator = discriminator;
    FastAdamUpdater.install(generator);
    FastAdamUpdater.install(discriminator);
    this.step = step;
    this.dStatKeys = batchNormStatKeys(discriminator);
    this.headNorms = headNorms(discriminator);
    org.musicgan.audio.dsp.NativeThreads.adviseOnce();
  }

  private static List<FastBatchNormalizationLayer> headNorms(ComputationGraph d) {
    GraphVertex join = d.getVertex("joint");
    if (!(join instanceof ConditionJoinVertex)) {
      return null;
    }
    List<FastBatchNormalizationLayer> norms = new ArrayList<>();
    ArrayDeque<GraphVertex> todo = new ArrayDeque<>(List.of(join));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      GraphVertex v = todo.pop();
      if (!seen.add(v.getVertexName())) {
        continue;
      }
      if (v.hasLayer() && v.getLayer() instanceof FastBatchNormalizationLayer bn) {
        norms.add(bn);
      }
      if (v.getOutputVertices() != null) {
        for (VertexIndices o : v.getOutputVertices()) {
          todo.push(d.getVertices()[o.getVertexIndex()]);
        }
      }
    }
    return norms;
  }

  /**
   * A Stage II trainer (TF {@code stageII/trainer.py}): a new Stage II generator and discriminator
   * ({@link StageIINetworks}) trained on C×256×256 tensors, with {@code stageIGenerator} frozen
   * (never updated; run in inference mode) turning each step's condition, z and eps into the
   * C×64×64 input of the Stage II generator. {@code config} must have the sizes of the Stage I
   * generator (z, c, condition, channels); its widths may differ.
   */
  public static StackGanTrainer stageII(
      StackGanConfig config,
      GanTrainingOptions options,
      long seed,
      ComputationGraph stageIGenerator) {
    return stageII(config, options, seed, stageIGenerator, null);
  }

  /**
   * {@link #stageII(StackGanConfig, GanTrainingOptions, long, ComputationGraph)} for a generator
   * built with {@link StackGanConfig#alignedStageI()}: {@code stageIBridge} carries each Stage I
   * output onto the Stage II grid (from the Stage I representation and normaliser to those of the
   * Stage II training data).
   */
  public static StackGanTrainer stageII(
      StackGanConfig config,
      GanTrainingOptions options,
      long seed,
      ComputationGraph stageIGenerator,
      RepresentationBridge stageIBridge) {
    try {
      INDArray probe =
          stageIGenerator
              .output(
                  false,
                  Nd4j.zeros(1, config.conditionSize()),
                  Nd4j.zeros(1, config.zDim()),
                  Nd4j.zeros(1, config.cDim()))[0];
      if (probe.rank() != 4
          || probe.size(1) != config.channels()
          || probe.size(2) != 64
          || probe.size(3) != 64) {
        throw new IllegalArgumentException(
            "Stage I generator outputs " + java.util.Arrays.toString(probe.shape()));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the Stage I generator does not fit this configuration (condition "
              + config.conditionSize()
              + ", z "
              + config.zDim()
              + ", c "
              + config.cDim()
              + ", "
              + config.channels()
              + " channels): "
              + e.getMessage(),
          e);
    }
    return new StackGanTrainer(
        config,
        options,
        seed,
        (GanGraph) StageIINetworks.generator(config, seed, updater(options, 1)),
        (GanGraph)
            StageIINetworks.discriminator(
                config, seed + 1, updater(options, options.dLearningRateScale())),
        0,
        stageIGenerator,
        stageIBridge);
  }

  /** Whether this trains Stage II (on top of a frozen Stage I generator). */
  public boolean stageII() {
    return stageI != null;
  }

  /** Side of the tensors this trainer's networks make and judge: 64 or 256. */
  public int imageSize() {
    return stageI == null ? 64 : 256;
  }

  /**
   * The cells the low-band term holds to the aligned input: the Stage I band, or every cell with
   * {@link GanTrainingOptions#holdEveryCell()}.
   */
  static boolean[][] heldCells(RepresentationBridge bridge, GanTrainingOptions options) {
    boolean[][] band = bridge.sourceBand();
    if (options.holdEveryCell()) {
      for (boolean[] ch : band) {
        java.util.Arrays.fill(ch, true);
      }
    }
    return band;
  }

  /** The bridge that aligns Stage I outputs for the Stage II generator, else null. */
  public RepresentationBridge stageIBridge() {
    return stageIBridge;
  }

  /**
   * The Stage I tensors {@code low} [b, C, 64, 64] carried through {@code bridge} (one clip per
   * core at a time): [b, C, 256, 256] in {@code low}'s data type.
   */
  static INDArray aligned(RepresentationBridge bridge, INDArray low) {
    float[][][][] in = StackGanGenerator.unpack(low);
    int b = in.length;
    int ch = bridge.to().channels();
    int oh = bridge.to().height();
    int ow = bridge.to().width();
    float[] out = new float[b * ch * oh * ow];
    Parallel.forEach(
        b,
        Long.MAX_VALUE,
        i -> {
          float[][][] r = bridge.apply(in[i]);
          int q = i * ch * oh * ow;
          for (int c = 0; c < ch; c++) {
            for (int y = 0; y < oh; y++) {
              System.arraycopy(r[c][y], 0, out, q, ow);
              q += ow;
            }
          }
        });
    return Nd4j.create(out, new long[] {b, ch, oh, ow}, 'c').castTo(low.dataType());
  }

  /** The frozen Stage I generator of a Stage II trainer, else null. */
  public ComputationGraph stageIGenerator() {
    return stageI;
  }

  /**
   * The generator's inputs for one step: {@code [condition, z, eps]} in Stage I; in Stage II {@code
   * [condition, stageI(condition, z, eps), eps2]}.
   */
  private INDArray[] generatorInputs(INDArray condition, Random rnd, int b) {
    INDArray z = gaussian(rnd, b, config.zDim());
    INDArray eps = gaussian(rnd, b, config.cDim());
    if (stageI == null) {
      return new INDArray[] {condition, z, eps};
    }
    INDArray low = stageI.output(false, condition, z, eps)[0];
    INDArray eps2 = gaussian(rnd, b, config.cDim());
    return stageIBridge == null
        ? new INDArray[] {condition, low, eps2}
        : new INDArray[] {condition, low, eps2, aligned(stageIBridge, low)};
  }

  /** Adam with the options' learning rate times {@code scale}, beta1 and halving schedule. */
  static IUpdater updater(GanTrainingOptions o, double scale) {
    Adam.Builder b = Adam.builder().beta1(o.beta1()).beta2(0.999).epsilon(1e-8);
    double lr = o.learningRate() * scale;
    if (o.lrHalvingSteps() > 0) {
      b.learningRateSchedule(new StepSchedule(ScheduleType.ITERATION, lr, 0.5, o.lrHalvingSteps()));
    } else {
      b.learningRate(lr);
    }
    return b.build();
  }

  private static List<String> batchNormStatKeys(ComputationGraph net) {
    List<String> keys = new ArrayList<>();
    for (Layer l : net.getLayers()) {
      if (l.conf().getLayer() instanceof BatchNormalization) {
        for (String p : BN_STATS) {
          if (l.paramTable().containsKey(p)) {
            keys.add(l.conf().getLayer().getLayerName() + "_" + p);
          }
        }
      }
    }
    return keys;
  }

  /** The network sizes. */
  public StackGanConfig config() {
    return config;
  }

  /** The training options. */
  public GanTrainingOptions options() {
    return options;
  }

  /** The run's seed. */
  public long seed() {
    return seed;
  }

  /** Steps taken so far (the index of the next step). */
  public long steps() {
    return step;
  }

  /** The generator (inputs condition, noise, eps; outputs image, mu, logSigma). */
  public ComputationGraph generator() {
    return generator;
  }

  /**
   * The discriminator (inputs image, condition; output logit, and aux with {@link
   * StackGanConfig#auxClassifier()}).
   */
  public ComputationGraph discriminator() {
    return discriminator;
  }

  /** G's learning rate at {@code step} (D's is this times the options' D scale). */
  public double learningRateAt(long step) {
    return options.lrHalvingSteps() == 0
        ? options.learningRate()
        : options.learningRate() * Math.pow(0.5, step / options.lrHalvingSteps());
  }

  /**
   * One D update then one G update.
   *
   * @param real normalised real tensors [b, C, 64, 64] in [-1, 1]
   * @param condition their condition vectors [b, n]
   * @param wrongCondition for each real tensor a condition it does not have [b, n]; ignored (may be
   *     null) without wrong pairs
   */
  public StepStats step(INDArray real, INDArray condition, INDArray wrongCondition) {
    int b = (int) real.size(0);
    if (condition.size(0) != b || condition.size(1) != config.conditionSize()) {
      throw new IllegalArgumentException(
          "condition must be ["
              + b
              + ", "
              + config.conditionSize()
              + "], found "
              + java.util.Arrays.toString(condition.shape()));
    }
    if (real.rank() != 4
        || real.size(1) != config.channels()
        || real.size(2) != imageSize()
        || real.size(3) != imageSize()) {
      throw new IllegalArgumentException(
          "real tensors must be [b, "
              + config.channels()
              + ", "
              + imageSize()
              + ", "
              + imageSize()
              + "], found "
              + java.util.Arrays.toString(real.shape()));
    }
    boolean aux = config.auxClassifier();
    if (aux) {
      double lo = condition.minNumber().doubleValue();
      double hi = condition.maxNumber().doubleValue();
      if (lo < 0 || hi > 1) {
        throw new IllegalArgumentException(
            "the auxiliary classifier needs condition entries in [0, 1] (one-hot categories,"
                + " numeric features scaled to [0, 1]); found values in ["
                + lo
                + ", "
                + hi
                + "]");
      }
    }
    boolean wrong = options.wrongPairs() && wrongCondition != null;
    Random rnd = new Random(mix(seed, step));
    double noise = options.instanceNoiseAt(step);
    LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();

    // ---- D step: fake from fresh z and eps (G in training mode, as TF) ----
    INDArray[] gInD = generatorInputs(condition, rnd, b);
    // reuseFake: keep G's activations so that the G step can back-propagate through this batch
    Map<String, INDArray> gActs = options.reuseFake() ? generator.forwardForBackprop(gInD) : null;
    INDArray fake = gActs != null ? gActs.get("image") : generator.output(true, gInD)[0];
    int maxShift = options.augmentShift();
    INDArray realIn =
        dView(
            withNoise(
                maxShift == 0 ? real : shiftTime(real, shifts(rnd, b, maxShift)), noise, rnd));
    INDArray fakeIn =
        dView(
            withNoise(
                maxShift == 0 ? fake : shiftTime(fake, shifts(rnd, b, maxShift)), noise, rnd));
    double fakeWeight = wrong ? 0.5 : 1.0;
    // the auxiliary classifier learns the condition from real clips only
    Pass pr;
    Pass pw = null;
    List<Pass> passes = new ArrayList<>();
    if (wrong && pairsShareEncoder()) {
      pr = dPassRealAndWrong(realIn, condition, wrongCondition, aux);
      passes.add(pr);
    } else {
      pr = dPass(realIn, condition, options.realLabel(), 1.0, aux ? condition : null);
      passes.add(pr);
      if (wrong) {
        pw = dPass(realIn, wrongCondition, 0, 0.5, null);
        passes.add(pw);
      }
    }
    Pass pf = dPass(fakeIn, condition, 0, fakeWeight, null);
    passes.add(pf);
    Gradient dg = discriminator.lastGradient();
    INDArray flat = dg.gradient();
    flat.assign(passes.get(0).grad);
    for (int i = 1; i < passes.size(); i++) {
      flat.addi(passes.get(i).grad);
    }
    // the running statistics move by the average over the kinds of pairs (TF's separate passes)
    int kinds = 0;
    for (Pass p : passes) {
      kinds += p.kinds;
    }
    for (String k : dStatKeys) {
      INDArray view = dg.getGradientFor(k);
      if (view != null) {
        INDArray mean = passes.get(0).stats.get(k).mul(passes.get(0).kinds);
        for (int i = 1; i < passes.size(); i++) {
          mean.addi(passes.get(i).stats.get(k).mul(passes.get(i).kinds));
        }
        view.assign(mean.divi(kinds));
      }
    }
    discriminator.getUpdater().update(dg, (int) step, 0, b, ws);
    discriminator.params().subi(flat);
    double dReal = pr.loss;
    double dWrong = !wrong ? Double.NaN : pw != null ? pw.loss : pr.wrongLoss;
    double dFake = pf.loss;
    double dLoss = wrong ? dReal + 0.5 * (dWrong + dFake) : dReal + dFake;

    // ---- G step: fresh z and eps (or the D step's batch), non-saturating loss through D, plus
    // weighted KL ----
    if (gActs == null) {
      gActs = generator.forwardForBackprop(generatorInputs(condition, rnd, b));
    }
    int[] gShifts = maxShift == 0 ? null : shifts(rnd, b, maxShift);
    GeneratorPass gp = generatorPass(condition, gActs, gShifts, noise == 0 ? null : rnd, noise);
    Gradient gg = generator.lastGradient();
    generator.getUpdater().update(gg, (int) step, 0, b, ws);
    generator.params().subi(gg.gradient());

    StepStats stats =
        new StepStats(
            step,
            dLoss,
            dReal,
            dWrong,
            dFake,
            gp.gLoss,
            gp.kl,
            pr.prob,
            pf.prob,
            GanLosses.rms(gp.dImage),
            learningRateAt(step),
            aux ? pr.auxLoss : Double.NaN,
            aux ? gp.gAux : Double.NaN,
            lowBand != null ? gp.lowBand : Double.NaN);
    step++;
    return stats;
  }

  /** Told about every step of {@link #fit}. */
  public interface Listener {
    /** After each step. */
    default void onStep(StackGanTrainer trainer, StepStats stats) {}

    /** When the collapse guard reports a collapse (once per episode). */
    default void onCollapse(StackGanTrainer trainer, StepStats stats, String reason) {}

    /** After the last step of a {@link #fit} call. */
    default void onEnd(StackGanTrainer trainer) {}
  }

  /**
   * What a {@link #fit} call did.
   *
   * @param steps steps taken by the call
   * @param collapsed whether the guard reported a collapse
   * @param reason the guard's explanation, or empty
   * @param last the last step's statistics (null if no step was taken)
   */
  public record FitResult(long steps, boolean collapsed, String reason, StepStats last) {}

  /**
   * Trains until {@link #steps()} reaches {@code untilStep}, drawing batch {@code s} from {@code
   * data} with this run's seed. A collapse (see {@link CollapseGuard}) is reported to the listeners
   * and logged; with {@code stopOnCollapse} training stops there.
   */
  public FitResult fit(
      GanDataset data,
      long untilStep,
      CollapseGuard guard,
      boolean stopOnCollapse,
      List<? extends Listener> listeners) {
    if (data.conditionSize() != config.conditionSize() || data.channels() != config.channels()) {
      throw new IllegalArgumentException(
          "data has conditions of "
              + data.conditionSize()
              + " and "
              + data.channels()
              + " channels; the networks take "
              + config.conditionSize()
              + " and "
              + config.channels());
    }
    CollapseGuard.Monitor monitor = guard.monitor(options.realLabel());
    long taken = 0;
    StepStats last = null;
    boolean collapsed = false;
    String reason = "";
    while (step < untilStep) {
      GanDataset.Batch batch = data.batch(step, options.batchSize(), seed);
      last = step(batch.real(), batch.condition(), batch.wrongCondition());
      taken++;
      for (Listener l : listeners) {
        l.onStep(this, last);
      }
      if (monitor.check(last) == CollapseGuard.Verdict.COLLAPSED) {
        collapsed = true;
        reason = monitor.reason();
        LOG.warn("collapse: {}", reason);
        for (Listener l : listeners) {
          l.onCollapse(this, last, reason);
        }
        if (stopOnCollapse) {
          break;
        }
      }
    }
    for (Listener l : listeners) {
      l.onEnd(this);
    }
    return new FitResult(taken, collapsed, reason, last);
  }

  /**
   * One generator pass: {@code lowBand} is the low-band term already weighted by {@link
   * GanTrainingOptions#lowBandWeight()} (0 when off); {@code dImage} the adversarial (and
   * auxiliary) gradient at G's output, without the low-band term's.
   */
  record GeneratorPass(double gLoss, double kl, double gAux, double lowBand, INDArray dImage) {
    /**
     * The summed objective {@code b * (gLoss + klWeight * kl + auxWeight * gAux + lowBand)} whose
     * gradient G receives ({@code gAux} is NaN, and left out, without an auxiliary classifier).
     */
    double objective(long b, double klWeight, double auxWeight) {
      return b * (gLoss + klWeight * kl + (Double.isNaN(gAux) ? 0 : auxWeight * gAux) + lowBand);
    }
  }

  /**
   * The low-band term of G's output {@code out} against its aligned Stage I input {@code aligned}:
   * {@code weight} times the mean over the batch of each clip's mean absolute difference on the
   * cells of {@link #lowBand}; adds the gradient of its batch sum to {@code grad} (same shape).
   */
  private double lowBandTerm(INDArray out, INDArray aligned, double weight, double[] grad) {
    int b = (int) out.size(0);
    int ch = (int) out.size(1);
    int h = (int) out.size(2);
    int w = (int) out.size(3);
    double[] o = out.dup('c').data().asDouble();
    double[] a = aligned.dup('c').data().asDouble();
    long count = 0;
    for (boolean[] c : lowBand) {
      for (boolean in : c) {
        count += in ? w : 0;
      }
    }
    double sum = 0;
    for (int i = 0; i < b; i++) {
      for (int c = 0; c < ch; c++) {
        for (int r = 0; r < h; r++) {
          if (!lowBand[c][r]) {
            continue;
          }
          int base = ((i * ch + c) * h + r) * w;
          for (int x = 0; x < w; x++) {
            double d = o[base + x] - a[base + x];
            sum += Math.abs(d);
            grad[base + x] += weight * Math.signum(d) / count;
          }
        }
      }
    }
    return weight * sum / ((double) b * count);
  }

  /**
   * G's forward and backward pass: G's gradient view holds the gradient of {@code sum_i xent(D(G(c,
   * z, eps) + noise), 1) + klWeight * b * KL} (plus {@code auxWeight * b * aux(G(c, z, eps), c)}
   * with an auxiliary classifier) afterwards (D is not updated).
   */
  GeneratorPass generatorPass(
      INDArray condition, INDArray z, INDArray eps, Random noiseRnd, double noise) {
    return generatorPass(condition, z, eps, null, noiseRnd, noise);
  }

  /** As above, with D seeing G's output shifted in time by {@code shifts} (null = none). */
  GeneratorPass generatorPass(
      INDArray condition, INDArray z, INDArray eps, int[] shifts, Random noiseRnd, double noise) {
    return generatorPass(condition, new INDArray[] {condition, z, eps}, shifts, noiseRnd, noise);
  }

  /** As above, for any stage: {@code gInputs} are the generator's inputs. */
  GeneratorPass generatorPass(
      INDArray condition, INDArray[] gInputs, int[] shifts, Random noiseRnd, double noise) {
    return generatorPass(condition, generator.forwardForBackprop(gInputs), shifts, noiseRnd, noise);
  }

  /**
   * As above, after G's forward pass: {@code acts} are its activations from {@link
   * GanGraph#forwardForBackprop}, which must be G's last forward pass.
   */
  private GeneratorPass generatorPass(
      INDArray condition, Map<String, INDArray> acts, int[] shifts, Random noiseRnd, double noise) {
    INDArray gFake = acts.get("image");
    INDArray mu = acts.get("mu");
    INDArray logSigma = acts.get("logSigma");
    INDArray seen = shifts == null ? gFake : shiftTime(gFake, shifts);
    Map<String, INDArray> dActs =
        discriminator.forwardForBackprop(
            dView(noiseRnd == null ? seen : withNoise(seen, noise, noiseRnd)), condition);
    INDArray logits = dActs.get("logit");
    double gLoss = GanLosses.sigmoidCrossEntropy(logits, 1.0);
    INDArray adversarial = GanLosses.sigmoidCrossEntropyGradient(logits, 1.0, 1.0);
    double gAux = Double.NaN;
    INDArray dImage;
    // D is not updated in this step: its convolutions skip their weight gradients
    setInputGradientOnly(discriminator, true);
    try {
      if (config.auxClassifier()) {
        INDArray auxLogits = dActs.get("aux");
        gAux = GanLosses.auxiliaryCrossEntropy(auxLogits, condition);
        dImage =
            discriminator
                .backpropToInputs(
                    adversarial,
                    GanLosses.auxiliaryCrossEntropyGradient(
                        auxLogits, condition, options.auxWeight()))[0];
      } else {
        dImage = discriminator.backpropToInputs(adversarial)[0];
      }
    } finally {
      setInputGradientOnly(discriminator, false);
    }
    dImage = dView(dImage); // zeroing channels is its own adjoint
    if (shifts != null) {
      // the adjoint of a zero-filled shift is the opposite zero-filled shift
      int[] back = new int[shifts.length];
      for (int i = 0; i < back.length; i++) {
        back[i] = -shifts[i];
      }
      dImage = shiftTime(dImage, back);
    }
    INDArray[] klGrad = GanLosses.klGradients(mu, logSigma, options.klWeight());
    double kl = GanLosses.kl(mu, logSigma);
    double lowBandLoss = 0;
    INDArray dOut = dImage;
    if (lowBand != null) {
      INDArray aligned = acts.get("lowres_aligned");
      double[] grad = dImage.dup('c').data().asDouble();
      lowBandLoss = lowBandTerm(gFake, aligned, options.lowBandWeight(), grad);
      dOut = Nd4j.create(grad, dImage.shape(), 'c').castTo(dImage.dataType());
    }
    generator.backpropToInputs(dOut, klGrad[0], klGrad[1]);
    return new GeneratorPass(gLoss, kl, gAux, lowBandLoss, dImage);
  }

  private static void setInputGradientOnly(ComputationGraph net, boolean only) {
    for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
      if (l instanceof FastConvolutionLayer f) {
        f.inputGradientOnly = only;
      }
    }
  }

  /**
   * One D pass: loss and mean probability of its (real) pairs, auxiliary loss, D's gradient and
   * running-statistics gradients; {@code kinds} is how many kinds of pairs it scored (2 for real
   * and mismatched pairs in one pass, whose second loss is {@code wrongLoss}).
   */
  private record Pass(
      double loss,
      double prob,
      double auxLoss,
      INDArray grad,
      Map<String, INDArray> stats,
      int kinds,
      double wrongLoss) {}

  /** One D pass; {@code auxTargets} (or null) trains the auxiliary classifier on this batch. */
  private Pass dPass(INDArray x, INDArray c, double label, double weight, INDArray auxTargets) {
    Map<String, INDArray> acts = discriminator.forwardForBackprop(x, c);
    INDArray logits = acts.get("logit");
    double loss = GanLosses.sigmoidCrossEntropy(logits, label);
    double prob = GanLosses.meanProbability(logits);
    INDArray adversarial = GanLosses.sigmoidCrossEntropyGradient(logits, label, weight);
    double auxLoss = Double.NaN;
    if (config.auxClassifier()) {
      INDArray auxLogits = acts.get("aux");
      INDArray auxError;
      if (auxTargets != null) {
        auxLoss = GanLosses.auxiliaryCrossEntropy(auxLogits, auxTargets);
        auxError =
            GanLosses.auxiliaryCrossEntropyGradient(auxLogits, auxTargets, options.auxWeight());
      } else {
        auxError = Nd4j.zeros(auxLogits.dataType(), auxLogits.shape());
      }
      discriminator.backpropToInputs(adversarial, auxError);
    } else {
      discriminator.backpropToInputs(adversarial);
    }
    return finishPass(loss, prob, auxLoss, 1, Double.NaN);
  }

  /** The pass's gradients, copied out of D's gradient view (the next pass overwrites it). */
  private Pass finishPass(double loss, double prob, double auxLoss, int kinds, double wrongLoss) {
    Gradient g = discriminator.lastGradient();
    Map<String, INDArray> stats = new java.util.HashMap<>();
    for (String k : dStatKeys) {
      INDArray v = g.getGradientFor(k);
      if (v != null) {
        stats.put(k, v.dup());
      }
    }
    return new Pass(loss, prob, auxLoss, g.gradient().dup(), stats, kinds, wrongLoss);
  }

  /**
   * The real pairs {@code (x, c)} and the mismatched pairs {@code (x, cWrong)} in one pass: the
   * condition batch is {@code [c; cWrong]}, D's {@link ConditionJoin} pairs the images' code with
   * both halves, and its head normalises each half with its own statistics. The same losses and
   * gradients as {@link #dPass} on each (weights 1 and 1/2).
   */
  private Pass dPassRealAndWrong(INDArray x, INDArray c, INDArray cWrong, boolean aux) {
    long b = x.size(0);
    for (FastBatchNormalizationLayer bn : headNorms) {
      bn.groups = 2;
    }
    try {
      Map<String, INDArray> acts = discriminator.forwardForBackprop(x, Nd4j.concat(0, c, cWrong));
      INDArray logits = acts.get("logit");
      INDArray rows = logits.reshape(logits.size(0), -1);
      INDArray real = rows.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
      INDArray wrong = rows.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all());
      double loss = GanLosses.sigmoidCrossEntropy(real, options.realLabel());
      double wrongLoss = GanLosses.sigmoidCrossEntropy(wrong, 0);
      double prob = GanLosses.meanProbability(real);
      INDArray adversarial =
          Nd4j.concat(
                  0,
                  GanLosses.sigmoidCrossEntropyGradient(real, options.realLabel(), 1.0),
                  GanLosses.sigmoidCrossEntropyGradient(wrong, 0, 0.5))
              .reshape(logits.shape());
      double auxLoss = Double.NaN;
      if (aux) {
        // the auxiliary head reads the image code before the join: one row per image
        INDArray auxLogits = acts.get("aux");
        auxLoss = GanLosses.auxiliaryCrossEntropy(auxLogits, c);
        discriminator.backpropToInputs(
            adversarial,
            GanLosses.auxiliaryCrossEntropyGradient(auxLogits, c, options.auxWeight()));
      } else {
        discriminator.backpropToInputs(adversarial);
      }
      return finishPass(loss, prob, auxLoss, 2, wrongLoss);
    } finally {
      for (FastBatchNormalizationLayer bn : headNorms) {
        bn.groups = 1;
      }
    }
  }

  private static INDArray withNoise(INDArray x, double sigma, Random rnd) {
    if (sigma == 0) {
      return x;
    }
    float[] n = new float[(int) x.length()];
    for (int i = 0; i < n.length; i++) {
      n[i] = (float) (rnd.nextGaussian() * sigma);
    }
    return x.add(Nd4j.create(n, x.shape()).castTo(x.dataType()));
  }

  /**
   * What D sees of {@code x} [b, C, H, W]: {@code x} itself, or with {@link
   * GanTrainingOptions#dFirstChannelOnly()} a copy whose channels 1.. are zero.
   */
  private INDArray dView(INDArray x) {
    if (!options.dFirstChannelOnly() || x.size(1) < 2) {
      return x;
    }
    INDArray y = x.dup();
    y.get(
            NDArrayIndex.all(),
            NDArrayIndex.interval(1, y.size(1)),
            NDArrayIndex.all(),
            NDArrayIndex.all())
        .assign(0);
    return y;
  }

  /** {@code b} whole-column shifts, uniform in {@code [-max, max]}. */
  static int[] shifts(Random rnd, int b, int max) {
    int[] s = new int[b];
    for (int i = 0; i < b; i++) {
      s[i] = rnd.nextInt(2 * max + 1) - max;
    }
    return s;
  }

  /**
   * Shifts example {@code i} of {@code x} [b, C, H, W] by {@code shifts[i]} columns along W
   * (positive = later in time), filling the vacated columns with 0.
   */
  static INDArray shiftTime(INDArray x, int[] shifts) {
    long[] shape = x.shape();
    int b = (int) shape[0];
    int w = (int) shape[3];
    int rows = (int) (shape[1] * shape[2]);
    double[] in = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] out = new double[in.length];
    for (int i = 0; i < b; i++) {
      int s = shifts[i];
      for (int r = 0; r < rows; r++) {
        int base = (i * rows + r) * w;
        int from = Math.max(0, -s);
        int to = Math.min(w, w - s);
        if (from < to) {
          System.arraycopy(in, base + from, out, base + from + s, to - from);
        }
      }
    }
    return Nd4j.create(out, shape, DataType.DOUBLE).castTo(x.dataType());
  }

  /** A [rows, cols] float array of standard normal draws from {@code rnd}. */
  static INDArray gaussian(Random rnd, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT)
        .castTo(Nd4j.defaultFloatingPointType());
  }

  /** A 64-bit mix of a seed and a counter (SplitMix64's finaliser). */
  static long mix(long seed, long counter) {
    long z = seed + 0x9E3779B97F4A7C15L * (counter + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
