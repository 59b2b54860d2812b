package org.musicgan.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FastConvolution} against DL4J's own ConvolutionLayer (same parameters: same outputs, same
 * gradients) and against central differences, in double precision.
 */
class FastConvolutionTest {

  @AfterEach
  void restore() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  private static ComputationGraph net(Layer layer, int c, int h, DataType type) {
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .dataType(type)
            .trainingWorkspaceMode(WorkspaceMode.NONE)
            .inferenceWorkspaceMode(WorkspaceMode.NONE)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(h, h, c))
            .addLayer("conv", layer, "in")
            .setOutputs("conv")
            .build();
    ComputationGraph g = new GanGraph(conf);
    g.init();
    return g;
  }

  private static ConvolutionLayer.Builder builder(
      int k, int s, int out, String mode, String activation) {
    return new ConvolutionLayer.Builder(k, k)
        .stride(s, s)
        .nOut(out)
        .activation(Activation.valueOf(activation))
        .convolutionMode(ConvolutionMode.valueOf(mode));
  }

  @ParameterizedTest
  @CsvSource({
    "3, 1, 3, 5, 9, Same, TANH, DOUBLE",
    "4, 2, 2, 4, 8, Same, IDENTITY, DOUBLE",
    "1, 1, 4, 3, 5, Same, TANH, DOUBLE",
    "4, 4, 3, 1, 4, Truncate, TANH, DOUBLE",
    "3, 2, 2, 3, 7, Same, IDENTITY, DOUBLE",
    "3, 1, 3, 5, 9, Same, IDENTITY, FLOAT",
    "4, 2, 2, 4, 8, Same, TANH, FLOAT",
    "4, 4, 3, 1, 4, Truncate, TANH, FLOAT",
    "3, 2, 2, 3, 7, Same, IDENTITY, FLOAT",
    "1, 1, 4, 3, 5, Same, TANH, FLOAT"
  })
  void matchesDl4jConvolutionAndFiniteDifferences(
      int k, int s, int c, int out, int h, String mode, String activation, String dtype) {
    DataType type = DataType.valueOf(dtype);
    Nd4j.setDefaultDataTypes(type, type);
    double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
    GanGraph fast =
        (GanGraph) net(new FastConvolution(builder(k, s, out, mode, activation)), c, h, type);
    GanGraph ref = (GanGraph) net(builder(k, s, out, mode, activation).build(), c, h, type);
    INDArray x = Nd4j.rand(type, 3, c, h, h).subi(0.5);
    LayerChecks.Result r = LayerChecks.sameAsReference(fast, ref, x, tol);
    if (type == DataType.DOUBLE) { // central differences need double
      LayerChecks.centralDifferences(fast, x, r, 1 + fast.params().length() / 40);
    }
  }

  /** A 4x4 stride-2 FastConvolution, 2 -> 3 channels on 8x8 inputs, in double precision. */
  private static GanGraph strided(String activation) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    return (GanGraph)
        net(new FastConvolution(builder(4, 2, 3, "Same", activation)), 2, 8, DataType.DOUBLE);
  }

  /** A batch of three inputs for {@link #strided}. */
  private static INDArray stridedInput() {
    return Nd4j.rand(DataType.DOUBLE, 3, 2, 8, 8).subi(0.5);
  }

  @org.junit.jupiter.api.Test
  void inputGradientOnlyLeavesTheParameterGradientsAlone() {
    GanGraph g = strided("TANH");
    INDArray x = stridedInput();
    INDArray eps = Nd4j.rand(DataType.DOUBLE, 3, 3, 4, 4).subi(0.5);
    g.forwardForBackprop(x);
    INDArray dx = g.backpropToInputs(eps)[0];
    INDArray grad = g.lastGradient().gradient();
    assertTrue(grad.amaxNumber().doubleValue() > 0);
    grad.assign(7);
    ((FastConvolutionLayer) g.getLayer("conv")).inputGradientOnly = true;
    g.forwardForBackprop(x);
    INDArray dxOnly = g.backpropToInputs(eps)[0];
    assertEquals(0, dx.sub(dxOnly).amaxNumber().doubleValue(), 1e-15);
    assertEquals(7, g.lastGradient().gradient().minNumber().doubleValue(), 0);
    assertEquals(7, g.lastGradient().gradient().maxNumber().doubleValue(), 0);
  }

  @org.junit.jupiter.api.Test
  void anIm2colTooLargeToKeepIsRebuiltInBackprop() {
    long limit = FastConvolutionLayer.maxKeptCol;
    FastConvolutionLayer.maxKeptCol = 10;
    try {
      GanGraph fast = strided("IDENTITY");
      GanGraph ref =
          (GanGraph) net(builder(4, 2, 3, "Same", "IDENTITY").build(), 2, 8, DataType.DOUBLE);
      INDArray x = stridedInput();
      fast.forwardForBackprop(x);
      assertEquals(
          null,
          ((FastConvolutionLayer) fast.getLayer("conv")).keptCol(fast.getLayer("conv").input()));
      LayerChecks.sameAsReference(fast, ref, x, 1e-12);
    } finally {
      FastConvolutionLayer.maxKeptCol = limit;
    }
  }

  @org.junit.jupiter.api.Test
  void backpropDifferentiatesAtTheInputItHolds() {
    LayerChecks.backpropFollowsTheHeldInput(strided("IDENTITY"), stridedInput(), stridedInput());
  }
}
