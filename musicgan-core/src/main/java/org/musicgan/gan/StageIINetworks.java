package org.musicgan.gan;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The Stage II networks of TF StackGAN ({@code stageII/model.py}) on DL4J graphs: the generator
 * refines a Stage I tensor (C×64×64) into a C×256×256 tensor under its own conditioning
 * augmentation, and the discriminator judges C×256×256 tensors with their condition.
 *
 * <p>Generator inputs: {@code condition} [b, n], {@code lowres} [b, C, 64, 64] (the frozen Stage I
 * generator's output), {@code eps} [b, cDim] (no new z, as in TF). Encoder: 3×3 conv (gf) ReLU,
 * 4×4/2 conv (2gf) BN ReLU, 4×4/2 conv (4gf) BN ReLU → 16×16; its own CA's {@code c} tiled to 16×16
 * and joined (with {@link StackGanConfig#directCondition()} the condition vector itself too, tiled
 * beside it), 3×3 conv (4gf) BN ReLU; {@link #RESIDUAL_BLOCKS} residual blocks (3×3 conv BN ReLU,
 * 3×3 conv BN, ReLU of the sum); nearest-neighbour ×2 + 3×3 conv + BN + ReLU to 32 (2gf), 64 (gf),
 * 128 (gf/2), 256 (gf/4); 3×3 conv to C, tanh. Outputs {@code image}, {@code mu}, {@code logSigma}.
 *
 * <p>With {@link StackGanConfig#alignedStageI()} (not in StackGAN) a fourth input, {@code
 * lowres_aligned} [b, C, 256, 256], is the Stage I output carried onto the Stage II grid through
 * audio ({@link org.musicgan.audio.representation.RepresentationBridge}): joined to the last
 * upsampling stage's features, and added to the output conv's result (now without activation)
 * before the tanh, so G starts from the Stage I partials and learns what to add. The encoder's
 * 16×16 code does not line up with the output in frequency as it does for pictures: Stage I's 64
 * rows span 0–504 Hz and Stage II's 256 rows 0–8 kHz, so code row i holds Stage I rows 4i…4i+3
 * (about 31.5·i Hz) and upsampling spreads it over output rows 16i…16i+15 (about 510·i Hz); a C3
 * fundamental (130.8 Hz, Stage II row 3) is encoded on code row 3, which maps to 1.5–2 kHz. The
 * aligned copy puts every Stage I partial on its own Stage II row, with Stage II's instantaneous
 * frequency.
 *
 * <p>Discriminator: six 4×4 stride-2 convolutions 256 → 4 (df … 32df, BN on all but the first,
 * LeakyReLU 0.2), 1×1 conv (16df) BN LeakyReLU, 1×1 conv (8df) BN, the residual branch of Stage I,
 * then the same condition join and logit head as Stage I ({@link
 * StageINetworks#addDiscriminatorHead}), including the optional auxiliary classifier.
 *
 * <p>Where this differs from TF: {@link #RESIDUAL_BLOCKS} is 2 (StackGAN-PyTorch's R_NUM for birds)
 * rather than TF's 4, to halve the cost at 16×16 on CPUs; the raw-waveform adapter layers are Stage
 * I only.
 */
public final class StageIINetworks {
  /** Residual blocks at 16×16 in the generator. */
  public static final int RESIDUAL_BLOCKS = 2;

  private StageIINetworks() {}

  /** Builds the Stage II generator. */
  public static ComputationGraph generator(StackGanConfig cfg, long seed, IUpdater updater) {
    int gf = cfg.gf();
    int ch = cfg.channels();
    var g = StageINetworks.base(seed, updater).graphBuilder();
    if (cfg.alignedStageI()) {
      g.addInputs("condition", "lowres", "eps", "lowres_aligned")
          .setInputTypes(
              InputType.feedForward(cfg.conditionSize()),
              InputType.convolutional(64, 64, ch),
              InputType.feedForward(cfg.cDim()),
              InputType.convolutional(256, 256, ch));
    } else {
      g.addInputs("condition", "lowres", "eps")
          .setInputTypes(
              InputType.feedForward(cfg.conditionSize()),
              InputType.convolutional(64, 64, ch),
              InputType.feedForward(cfg.cDim()));
    }
    StageINetworks.addConditioningAugmentation(g, "", "condition", cfg.cDim(), cfg.conditionSize());
    // encode the Stage I tensor to 16x16x4gf
    g.addLayer("enc1", StageINetworks.conv(3, gf), "lowres");
    g.addLayer("enc1_act", StageINetworks.activation(Activation.RELU), "enc1");
    g.addLayer("enc2", StageINetworks.downConv(2 * gf), "enc1_act");
    g.addLayer("enc2_bn", new FastBatchNormalization(), "enc2");
    g.addLayer("enc2_act", StageINetworks.activation(Activation.RELU), "enc2_bn");
    g.addLayer("enc3", StageINetworks.downConv(4 * gf), "enc2_act");
    g.addLayer("enc3_bn", new FastBatchNormalization(), "enc3");
    g.addLayer("enc3_act", StageINetworks.activation(Activation.RELU), "enc3_bn");
    // join the condition tiled to 16x16
    g.addVertex("c_1x1", new ReshapeVertex('c', new int[] {-1, cfg.cDim(), 1, 1}, null), "c");
    g.addLayer("c_tiled", new Upsampling2D.Builder(16).build(), "c_1x1");
    if (cfg.directCondition()) {
      // the condition vector itself beside c, as Stage I's G reads it with directCondition
      g.addVertex(
          "cond_1x1",
          new ReshapeVertex('c', new int[] {-1, cfg.conditionSize(), 1, 1}, null),
          "condition");
      g.addLayer("cond_tiled", new Upsampling2D.Builder(16).build(), "cond_1x1");
      g.addVertex("joint", new MergeVertex(), "enc3_act", "c_tiled", "cond_tiled");
    } else {
      g.addVertex("joint", new MergeVertex(), "enc3_act", "c_tiled");
    }
    g.addLayer("joint_conv", StageINetworks.conv(3, 4 * gf), "joint");
    g.addLayer("joint_bn", new FastBatchNormalization(), "joint_conv");
    g.addLayer("joint_act", StageINetworks.activation(Activation.RELU), "joint_bn");
    String x = "joint_act";
    for (int i = 0; i < RESIDUAL_BLOCKS; i++) {
      x = residualBlock(g, "res" + i, x, 4 * gf);
    }
    x = StageINetworks.upBlock(g, "up1", x, 2 * gf);
    x = StageINetworks.upBlock(g, "up2", x, gf);
    x = StageINetworks.upBlock(g, "up3", x, Math.max(1, gf / 2));
    x = StageINetworks.upBlock(g, "up4", x, Math.max(1, gf / 4));
    if (cfg.alignedStageI()) {
      // the Stage I sound on this grid beside the last features, and added to the output conv's
      // result before the tanh: G starts from the Stage I partials where they belong and learns
      // what to add (global residual learning, as in super-resolution networks)
      g.addVertex("skip", new MergeVertex(), x, "lowres_aligned");
      g.addLayer(
          "image_pre",
          new FastConvolution(
              new ConvolutionLayer.Builder(3, 3).nOut(ch).activation(Activation.IDENTITY)),
          "skip");
      g.addVertex(
          "image_sum",
          new ElementWiseVertex(ElementWiseVertex.Op.Add),
          "image_pre",
          "lowres_aligned");
      g.addLayer("image", StageINetworks.activation(Activation.TANH), "image_sum");
    } else {
      g.addLayer(
          "image",
          new FastConvolution(
              new ConvolutionLayer.Builder(3, 3).nOut(ch).activation(Activation.TANH)),
          x);
    }
    g.setOutputs("image", "mu", "logSigma");
    ComputationGraph net = new GanGraph(g.build());
    net.init();
    return net;
  }

  /** Builds the Stage II discriminator. */
  public static ComputationGraph discriminator(StackGanConfig cfg, long seed, IUpdater updater) {
    int df = cfg.df();
    var g =
        StageINetworks.base(seed, updater)
            .graphBuilder()
            .addInputs("image", "condition")
            .setInputTypes(
                InputType.convolutional(256, 256, cfg.channels()),
                InputType.feedForward(cfg.conditionSize()));
    g.addLayer("d1", StageINetworks.downConv(df), "image");
    g.addLayer("d1_act", StageINetworks.leaky(), "d1");
    String x = "d1_act";
    int[] widths = {2 * df, 4 * df, 8 * df, 16 * df, 32 * df};
    for (int i = 0; i < widths.length; i++) {
      String n = "d" + (i + 2);
      g.addLayer(n, StageINetworks.downConv(widths[i]), x);
      g.addLayer(n + "_bn", new FastBatchNormalization(), n);
      g.addLayer(n + "_act", StageINetworks.leaky(), n + "_bn");
      x = n + "_act";
    }
    g.addLayer("d7", StageINetworks.conv(1, 16 * df), x);
    g.addLayer("d7_bn", new FastBatchNormalization(), "d7");
    g.addLayer("d7_act", StageINetworks.leaky(), "d7_bn");
    g.addLayer("d8", StageINetworks.conv(1, 8 * df), "d7_act");
    g.addLayer("node1_0", new FastBatchNormalization(), "d8");
    String node1 = StageINetworks.residual(g, "res", "node1_0", 2 * df, 8 * df, null);
    StageINetworks.addDiscriminatorHead(g, cfg, node1);
    ComputationGraph net = new GanGraph(g.build());
    net.init();
    return net;
  }

  /** 3×3 conv BN ReLU → 3×3 conv BN, then ReLU of the sum with the input (TF Stage II). */
  private static String residualBlock(
      ComputationGraphConfiguration.GraphBuilder g, String name, String in, int width) {
    g.addLayer(name + "_c1", StageINetworks.conv(3, width), in);
    g.addLayer(name + "_b1", new FastBatchNormalization(), name + "_c1");
    g.addLayer(name + "_a1", StageINetworks.activation(Activation.RELU), name + "_b1");
    g.addLayer(name + "_c2", StageINetworks.conv(3, width), name + "_a1");
    g.addLayer(name + "_b2", new FastBatchNormalization(), name + "_c2");
    g.addVertex(name + "_sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), in, name + "_b2");
    g.addLayer(name, StageINetworks.activation(Activation.RELU), name + "_sum");
    return name;
  }
}
