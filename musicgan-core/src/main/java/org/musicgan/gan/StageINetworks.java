package org.musicgan.gan;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The Stage I networks of the original TensorFlow StackGAN ({@code stageI/model.py}, default
 * network type) on DL4J, for a {@code channels x 64 x 64} representation.
 *
 * <p>Generator inputs: {@code condition} [b, conditionSize], {@code noise} [b, zDim], {@code eps}
 * [b, cDim] (the conditioning-augmentation noise, fed in so runs are reproducible). Outputs: {@code
 * image} [b, C, 64, 64] (tanh), {@code mu} and {@code logSigma} [b, cDim] (for the KL term).
 *
 * <p>Discriminator inputs: {@code image} and {@code condition}; output {@code logit} [b, 1, 1, 1]
 * (no sigmoid: losses are computed on logits).
 *
 * <p>The networks use ND4J's default floating-point type (FLOAT unless changed; gradient checks
 * switch it to DOUBLE).
 *
 * <p>With {@link StackGanConfig#waveformAdapter()} (the seed's raw-waveform approach, for {@code
 * RawWaveform} presets) G's last 3x3 convolution ends in LeakyReLU(0.2) and an added 5x5 transposed
 * convolution (stride 1, so computed as a convolution) produces the tanh output, and D reads its
 * input through an added 5x5 convolution + LeakyReLU(0.2).
 *
 * <p>Where this differs from TF StackGAN: the seed's metadata vector replaces the text embedding;
 * DL4J's 4x4 stride-2 "same" convolutions pad like TF; convolution weights are N(0, 0.02) as in TF
 * but keep DL4J's (zero-initialised) biases; the two layers that read the condition start from N(0,
 * 1/sqrt(n)) instead (see {@link #conditionInit}).
 */
public final class StageINetworks {
  private static final double LEAK = 0.2;

  private StageINetworks() {}

  /** StackGAN's optimiser: Adam, learning rate 2e-4, beta1 0.5. */
  public static IUpdater defaultUpdater() {
    return new Adam(2e-4, 0.5, 0.999, 1e-8);
  }

  static NeuralNetConfiguration.Builder base(long seed, IUpdater updater) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(Nd4j.defaultFloatingPointType())
        .updater(updater)
        .weightInit(new NormalDistribution(0, 0.02))
        .trainingWorkspaceMode(WorkspaceMode.NONE)
        .inferenceWorkspaceMode(WorkspaceMode.NONE)
        .convolutionMode(ConvolutionMode.Same);
  }

  /**
   * Initialisation of the layers that read the condition vector: N(0, 1/sqrt(n)). TF StackGAN's
   * N(0, 0.02) suits a dense 1024-d text embedding (its projections come out O(1)); on a sparse
   * one-hot metadata vector it gives projections of ~0.02, so {@code c = mu + sigma * eps} starts
   * as ~50 parts noise to one part condition and the condition never reaches G's output (measured:
   * KL stayed at 5e-4 and the output ignored its condition).
   */
  static NormalDistribution conditionInit(int conditionSize) {
    return new NormalDistribution(0, 1 / Math.sqrt(conditionSize));
  }

  /** Builds the Stage I generator with {@link #defaultUpdater()}. */
  public static ComputationGraph generator(StackGanConfig cfg, long seed) {
    return generator(cfg, seed, defaultUpdater());
  }

  /** Builds the Stage I discriminator with {@link #defaultUpdater()}. */
  public static ComputationGraph discriminator(StackGanConfig cfg, long seed) {
    return discriminator(cfg, seed, defaultUpdater());
  }

  /** Builds the Stage I generator. */
  public static ComputationGraph generator(StackGanConfig cfg, long seed, IUpdater updater) {
    int gf = cfg.gf();
    var g =
        base(seed, updater)
            .graphBuilder()
            .addInputs("condition", "noise", "eps")
            .setInputTypes(
                InputType.feedForward(cfg.conditionSize()),
                InputType.feedForward(cfg.zDim()),
                InputType.feedForward(cfg.cDim()));
    addConditioningAugmentation(g, "", "condition", cfg.cDim(), cfg.conditionSize());
    if (cfg.directCondition()) {
      g.addVertex("c_z", new MergeVertex(), "c", "noise", "condition");
    } else {
      g.addVertex("c_z", new MergeVertex(), "c", "noise");
    }
    // FC -> BN -> [8gf, 4, 4] (no ReLU before the residual branch)
    g.addLayer(
        "fc",
        new DenseLayer.Builder()
            .nOut(16L * 8 * gf)
            .activation(Activation.IDENTITY)
            .hasBias(false)
            .build(),
        "c_z");
    g.addLayer("fc_bn", new FastBatchNormalization(), "fc");
    g.addVertex("node1_0", new ReshapeVertex('c', new int[] {-1, 8 * gf, 4, 4}, null), "fc_bn");
    String node1 = residual(g, "res1", "node1_0", 2 * gf, 8 * gf, Activation.RELU);
    g.addLayer("node2_0_conv", upConv(4 * gf, Activation.IDENTITY), node1);
    g.addLayer("node2_0", new FastBatchNormalization(), "node2_0_conv");
    String node2 = residual(g, "res2", "node2_0", gf, 4 * gf, Activation.RELU);
    String x = upBlock(g, "up2", node2, 2 * gf);
    x = upBlock(g, "up3", x, gf);
    if (cfg.waveformAdapter()) {
      // the seed's approach 1: LeakyReLU instead of tanh, then an added (transposed) convolution
      // whose output is the only tanh; a stride-1 transposed convolution is a convolution with a
      // flipped kernel, so it runs on FastConvolution
      g.addLayer("image_pre", new UpsampleConvolution(cfg.channels(), new FastLeakyRelu(LEAK)), x);
      g.addLayer(
          "image",
          new FastConvolution(
              new ConvolutionLayer.Builder(5, 5).nOut(cfg.channels()).activation(Activation.TANH)),
          "image_pre");
    } else {
      g.addLayer("image", upConv(cfg.channels(), Activation.TANH), x);
    }
    g.setOutputs("image", "mu", "logSigma");
    ComputationGraphConfiguration conf = g.build();
    ComputationGraph net = new GanGraph(conf);
    net.init();
    return net;
  }

  /**
   * Conditioning augmentation: {@code ca_fc} (FC -> LeakyReLU 0.2) split into mu and log sigma,
   * {@code c = mu + exp(log sigma) * eps}. Adds the vertex {@code prefix + "c"} and the identity
   * outputs {@code prefix + "mu"} and {@code prefix + "logSigma"} (identity layers so that the
   * external KL error and the error flowing back from {@code c} add up: DL4J overwrites the error
   * of an output vertex that also feeds other vertices).
   */
  static void addConditioningAugmentation(
      ComputationGraphConfiguration.GraphBuilder g,
      String prefix,
      String input,
      int cDim,
      int conditionSize) {
    g.addLayer(
        prefix + "ca_fc",
        new DenseLayer.Builder()
            .nOut(2L * cDim)
            .activation(new FastLeakyRelu(LEAK))
            .weightInit(conditionInit(conditionSize))
            .build(),
        input);
    g.addVertex(prefix + "ca_mu", new SubsetVertex(0, cDim - 1), prefix + "ca_fc");
    g.addVertex(prefix + "ca_logSigma", new SubsetVertex(cDim, 2 * cDim - 1), prefix + "ca_fc");
    g.addLayer(
        prefix + "ca_sigma",
        new ActivationLayer.Builder().activation(new ExpActivation()).build(),
        prefix + "ca_logSigma");
    g.addVertex(
        prefix + "ca_sigma_eps",
        new ElementWiseVertex(ElementWiseVertex.Op.Product),
        prefix + "ca_sigma",
        prefix + "eps");
    g.addVertex(
        prefix + "c",
        new ElementWiseVertex(ElementWiseVertex.Op.Add),
        prefix + "ca_mu",
        prefix + "ca_sigma_eps");
    g.addLayer(prefix + "mu", activation(Activation.IDENTITY), prefix + "ca_mu");
    g.addLayer(prefix + "logSigma", activation(Activation.IDENTITY), prefix + "ca_logSigma");
  }

  /** Builds the Stage I discriminator. */
  public static ComputationGraph discriminator(StackGanConfig cfg, long seed, IUpdater updater) {
    int df = cfg.df();
    var g =
        base(seed, updater)
            .graphBuilder()
            .addInputs("image", "condition")
            .setInputTypes(
                InputType.convolutional(64, 64, cfg.channels()),
                InputType.feedForward(cfg.conditionSize()));
    String in = "image";
    if (cfg.waveformAdapter()) {
      // the seed's approach 1: an added convolution + LeakyReLU reads the waveform "image"
      g.addLayer(
          "wave_in",
          new FastConvolution(
              new ConvolutionLayer.Builder(5, 5)
                  .nOut(cfg.channels())
                  .activation(new FastLeakyRelu(LEAK))),
          "image");
      in = "wave_in";
    }
    g.addLayer("d1", downConv(df), in);
    g.addLayer("d1_act", leaky(), "d1");
    g.addLayer("d2", downConv(2 * df), "d1_act");
    g.addLayer("d2_bn", new FastBatchNormalization(), "d2");
    g.addLayer("d2_act", leaky(), "d2_bn");
    g.addLayer("d3", downConv(4 * df), "d2_act");
    g.addLayer("d3_bn", new FastBatchNormalization(), "d3");
    g.addLayer("d4", downConv(8 * df), "d3_bn"); // TF has no LeakyReLU between these two
    g.addLayer("node1_0", new FastBatchNormalization(), "d4");
    String node1 = residual(g, "res", "node1_0", 2 * df, 8 * df, null);
    addDiscriminatorHead(g, cfg, node1);
    ComputationGraph net = new GanGraph(g.build());
    net.init();
    return net;
  }

  /**
   * The discriminator's head on its 4x4 image code {@code node1}: the condition through its own FC
   * + LeakyReLU, tiled to 4x4 and joined on channels ({@link ConditionJoin}), 1x1 conv (8df) BN
   * LeakyReLU, 4x4/4 conv to one logit; with {@link StackGanConfig#auxClassifier()} also the {@code
   * aux} head on {@code node1}. Sets the graph's outputs.
   */
  static void addDiscriminatorHead(
      ComputationGraphConfiguration.GraphBuilder g, StackGanConfig cfg, String node1) {
    int df = cfg.df();
    // condition: its own FC -> LeakyReLU, tiled to 4x4 and joined on channels
    g.addLayer(
        "c_fc",
        new DenseLayer.Builder()
            .nOut(cfg.cDim())
            .activation(new FastLeakyRelu(LEAK))
            .weightInit(conditionInit(cfg.conditionSize()))
            .build(),
        "condition");
    g.addVertex("c_1x1", new ReshapeVertex('c', new int[] {-1, cfg.cDim(), 1, 1}, null), "c_fc");
    g.addLayer("c_tiled", new Upsampling2D.Builder(4).build(), "c_1x1");
    // a MergeVertex, except that the condition may come k times per image (see ConditionJoin)
    g.addVertex("joint", new ConditionJoin(), node1, "c_tiled");
    g.addLayer("joint_conv", conv(1, 8 * df), "joint");
    g.addLayer("joint_bn", new FastBatchNormalization(), "joint_conv");
    g.addLayer("joint_act", leaky(), "joint_bn");
    g.addLayer(
        "logit",
        new FastConvolution(
            new ConvolutionLayer.Builder(4, 4)
                .stride(4, 4)
                .nOut(1)
                .activation(Activation.IDENTITY)
                .convolutionMode(ConvolutionMode.Truncate)),
        "joint_act");
    if (cfg.auxClassifier()) {
      // reads the image features before the condition joins them: a classifier of the audio alone
      g.addLayer(
          "aux",
          new DenseLayer.Builder()
              .nOut(cfg.conditionSize())
              .activation(Activation.IDENTITY)
              .build(),
          node1);
      g.setOutputs("logit", "aux");
    } else {
      g.setOutputs("logit");
    }
  }

  /**
   * A residual bottleneck: 1x1 (mid) BN act -> 3x3 (mid) BN act -> 3x3 (out) BN, added to the
   * input, then ReLU (generator) or LeakyReLU (discriminator, {@code act == null}).
   */
  static String residual(
      ComputationGraphConfiguration.GraphBuilder g,
      String name,
      String in,
      int mid,
      int out,
      Activation act) {
    g.addLayer(name + "_c1", conv(1, mid), in);
    g.addLayer(name + "_b1", new FastBatchNormalization(), name + "_c1");
    g.addLayer(name + "_a1", act == null ? leaky() : activation(act), name + "_b1");
    g.addLayer(name + "_c2", conv(3, mid), name + "_a1");
    g.addLayer(name + "_b2", new FastBatchNormalization(), name + "_c2");
    g.addLayer(name + "_a2", act == null ? leaky() : activation(act), name + "_b2");
    g.addLayer(name + "_c3", conv(3, out), name + "_a2");
    g.addLayer(name + "_b3", new FastBatchNormalization(), name + "_c3");
    g.addVertex(name + "_sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), in, name + "_b3");
    g.addLayer(name, act == null ? leaky() : activation(act), name + "_sum");
    return name;
  }

  /** Nearest-neighbour x2 -> 3x3 conv -> BN -> ReLU (the first two as one layer). */
  static String upBlock(
      ComputationGraphConfiguration.GraphBuilder g, String name, String in, int out) {
    g.addLayer(name + "_conv", upConv(out, Activation.IDENTITY), in);
    g.addLayer(name + "_bn", new FastBatchNormalization(), name + "_conv");
    g.addLayer(name, activation(Activation.RELU), name + "_bn");
    return name;
  }

  static ConvolutionLayer conv(int k, int out) {
    return new FastConvolution(
        new ConvolutionLayer.Builder(k, k).nOut(out).activation(Activation.IDENTITY));
  }

  /**
   * Nearest-neighbour x2 upsampling and a 3x3 convolution, fused: the same function and parameters
   * as {@code Upsampling2D(2)} then {@link #conv conv(3, out)}, 2.25x fewer multiply-adds ({@link
   * UpsampleConvolution}). Networks built before it (bundles from session 7 and earlier) keep the
   * two layers and still load and run.
   */
  static ConvolutionLayer upConv(int out, Activation activation) {
    return new UpsampleConvolution(out, activation.getActivationFunction());
  }

  static ConvolutionLayer downConv(int out) {
    return new FastConvolution(
        new ConvolutionLayer.Builder(4, 4).stride(2, 2).nOut(out).activation(Activation.IDENTITY));
  }

  static ActivationLayer leaky() {
    return new ActivationLayer.Builder().activation(new FastLeakyRelu(LEAK)).build();
  }

  /** An activation layer; ReLU runs as {@link FastLeakyRelu}. */
  static ActivationLayer activation(Activation a) {
    return new ActivationLayer.Builder()
        .activation(a == Activation.RELU ? new FastLeakyRelu(0) : a.getActivationFunction())
        .build();
  }
}
